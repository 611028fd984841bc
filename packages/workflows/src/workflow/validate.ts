import type { AnyEventClass } from "../events/event.js";
import { StartEvent, StopEvent } from "../events/builtin-events.js";
import { findResourceCycles } from "../resources/resource-resolver.js";
import { eventGraph, flowsInto, isA, isExternal, needsNoConsumer } from "./event-graph.js";
import type { StepDefinition } from "./step-definition.js";

function names(classes: readonly AnyEventClass[]): string {
  return classes.map((c) => c.eventName).join(", ");
}

function stepsWhere(steps: readonly StepDefinition[], pick: (s: StepDefinition) => boolean): string {
  return steps
    .filter(pick)
    .map((s) => `"${s.name}"`)
    .join(", ");
}

/** Every problem of a step graph, one sentence each; empty when it can run. */
export function findProblems(steps: readonly StepDefinition[], duplicateNames: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of duplicateNames) problems.push(`more than one step is named "${name}"`);
  if (steps.length === 0) return [...problems, "the workflow has no steps"];
  const graph = eventGraph(steps);

  if (graph.startClasses.length === 0) problems.push("no step accepts the start event (StartEvent)");
  if (graph.startClasses.length > 1) problems.push(`more than one start event type is accepted: ${names(graph.startClasses)}`);
  if (graph.stopClasses.length === 0) problems.push("no step returns a stop event (StopEvent)");
  if (graph.stopClasses.length > 1) problems.push(`more than one stop event type is returned: ${names(graph.stopClasses)}`);

  for (const step of steps) {
    const stops = step.accepts.filter((c) => isA(c, StopEvent));
    if (stops.length) problems.push(`step "${step.name}" accepts a stop event (${names(stops)}); stop events end the run and reach no step`);
  }
  for (const cls of graph.returned) {
    if (needsNoConsumer(cls)) continue;
    if (!graph.accepted.some((a) => flowsInto(cls, a))) {
      problems.push(`event ${cls.eventName} is returned by ${stepsWhere(steps, (s) => s.returns.includes(cls))} but no step accepts it`);
    }
  }
  for (const cls of graph.accepted) {
    if (isExternal(cls) || isA(cls, StopEvent)) continue;
    if (!graph.returned.some((r) => flowsInto(r, cls))) {
      problems.push(`event ${cls.eventName} is accepted by ${stepsWhere(steps, (s) => s.accepts.includes(cls))} but no step returns it`);
    }
  }
  for (const name of unreachableSteps(steps)) problems.push(`step "${name}" is unreachable from the start event`);
  for (const cycle of findResourceCycles(steps.flatMap((s) => Object.values(s.resources)))) {
    problems.push(`resources depend on each other in a cycle: ${cycle}`);
  }
  return problems;
}

/** Steps no chain of events from the start event (or a human response) can reach. */
function unreachableSteps(steps: readonly StepDefinition[]): string[] {
  const reached = new Set<StepDefinition>();
  const produced: AnyEventClass[] = [StartEvent];
  for (const step of steps) for (const cls of step.accepts) if (isExternal(cls)) produced.push(cls);
  for (let i = 0; i < produced.length; i++) {
    const cls = produced[i];
    for (const step of steps) {
      if (reached.has(step) || !step.accepts.some((a) => flowsInto(cls, a) || (cls === StartEvent && isA(a, StartEvent)))) continue;
      reached.add(step);
      for (const r of step.returns) if (!produced.includes(r)) produced.push(r);
    }
  }
  return steps.filter((s) => !reached.has(s)).map((s) => s.name);
}
