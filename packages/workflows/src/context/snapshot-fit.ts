import type { AnyEventClass, EventJSON } from "../events/event.js";
import type { EventRegistry } from "../events/event-registry.js";
import { flowsInto, needsNoConsumer } from "../workflow/event-graph.js";
import type { StepDefinition } from "../workflow/step-definition.js";
import type { RunSnapshot } from "./context-dict.js";

/** What a snapshot is checked against: the workflow's steps and the event classes it knows. */
export interface SnapshotShape {
  readonly name: string;
  readonly steps: ReadonlyMap<string, StepDefinition>;
  readonly registry: EventRegistry;
}

function accepts(step: StepDefinition, cls: AnyEventClass): boolean {
  return step.accepts.some((accepted) => flowsInto(cls, accepted));
}

/**
 * Every way a snapshot's run does not fit the workflow, one line each: an unknown step or event type, an event
 * queued or collected for a step that does not accept it (a forged `StopEvent` among them), a parked event that a
 * running workflow would have routed to a step or that ends a run, a waiter of an unknown step. A snapshot that passes
 * holds only what a run of this workflow could have produced — not that it did (see `toDict({ key })`).
 */
export function snapshotMisfits(run: RunSnapshot, workflow: SnapshotShape): string[] {
  const problems: string[] = [];
  const classOf = (e: EventJSON, where: string): AnyEventClass | undefined => {
    const cls = workflow.registry.get(e.type);
    if (!cls) problems.push(`${where}: event type "${e.type}" is not used by workflow "${workflow.name}"`);
    return cls;
  };
  const stepOf = (name: string, where: string): StepDefinition | undefined => {
    const step = workflow.steps.get(name);
    if (!step) problems.push(`${where}: step "${name}" does not exist in workflow "${workflow.name}"`);
    return step;
  };
  for (const [part, byStep] of [["queues", run.queues], ["collectBuffers", run.collectBuffers]] as const) {
    for (const [name, events] of Object.entries(byStep)) {
      const step = stepOf(name, `${part}.${name}`);
      events.forEach((e, i) => {
        const cls = classOf(e, `${part}.${name}[${i}]`);
        if (step && cls && !accepts(step, cls)) {
          const accepted = step.accepts.map((c) => c.eventName).join(", ");
          problems.push(`${part}.${name}[${i}]: step "${name}" does not accept ${e.type} (accepts: ${accepted})`);
        }
      });
    }
  }
  run.parked.forEach((e, i) => {
    const cls = classOf(e, `parked[${i}]`);
    if (!cls) return;
    // only an event no step accepts is ever parked, and never one that ends the run or only goes to the stream
    if (needsNoConsumer(cls)) problems.push(`parked[${i}]: a ${e.type} is never kept for a waiter`);
    const takers = [...workflow.steps.values()].filter((step) => accepts(step, cls)).map((step) => step.name);
    if (takers.length) problems.push(`parked[${i}]: a ${e.type} goes to step ${takers.map((t) => `"${t}"`).join(", ")}, it is never kept for a waiter`);
  });
  run.waiters.forEach((w, i) => {
    stepOf(w.step, `waiters[${i}]`);
    if (!w.id.startsWith(`${w.step}:`)) problems.push(`waiters[${i}]: id "${w.id}" is not an id of step "${w.step}"`);
    if (w.eventType !== "" && !workflow.registry.get(w.eventType)) {
      problems.push(`waiters[${i}]: event type "${w.eventType}" is not used by workflow "${workflow.name}"`);
    }
  });
  return problems;
}
