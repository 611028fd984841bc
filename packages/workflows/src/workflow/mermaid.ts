import type { AnyEventClass } from "../events/event.js";
import { StartEvent, StopEvent } from "../events/builtin-events.js";
import { distinct, isA } from "./event-graph.js";
import type { StepDefinition } from "./step-definition.js";

const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** A Mermaid flowchart: steps as boxes, events as rounded nodes, an edge for every accept and every return/send. */
export function toMermaid(steps: readonly StepDefinition[]): string {
  const lines = ["flowchart TD"];
  const events = distinct(steps.flatMap((s) => [...s.accepts, ...s.returns]));
  const eventNode = (cls: AnyEventClass) => id("event", cls.eventName);
  for (const cls of events) lines.push(`  ${eventNode(cls)}(["${cls.eventName}"])`);
  for (const step of steps) lines.push(`  ${id("step", step.name)}["${step.name}"]`);
  for (const step of steps) {
    for (const cls of step.accepts) lines.push(`  ${eventNode(cls)} --> ${id("step", step.name)}`);
    for (const cls of step.returns) lines.push(`  ${id("step", step.name)} --> ${eventNode(cls)}`);
  }
  lines.push("  classDef stepNode fill:#e8f0fe,stroke:#4a6fa5", "  classDef eventNode fill:#fff7e0,stroke:#b08800", "  classDef endpoint fill:#e6f4ea,stroke:#2e7d32");
  for (const step of steps) lines.push(`  class ${id("step", step.name)} stepNode`);
  for (const cls of events) lines.push(`  class ${eventNode(cls)} ${isA(cls, StartEvent) || isA(cls, StopEvent) ? "endpoint" : "eventNode"}`);
  return lines.join("\n");
}
