import { createHash } from "node:crypto";
import {
  EventRegistry,
  HumanResponseEvent,
  InputRequiredEvent,
  StartEvent,
  StopEvent,
  type StepDefinition,
  type Workflow,
} from "@weft/workflows";

/** What `DBOSRuntime.launch` takes: any `Workflow`, whatever its state, input and result types. */
export interface DurableWorkflow {
  readonly name: string;
  readonly steps: readonly StepDefinition[];
  validate(): void;
}

/** A workflow inside the runtime (internal: the public type is `DurableWorkflow`). */
export type AnyWorkflow = Workflow<any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The DBOS names a Weft workflow runs under: its DBOS workflow function and its queue. */
export function dbosWorkflowName(name: string): string {
  return `weft:${name}`;
}

export function queueName(name: string): string {
  return `weft-${name}`;
}

/** The event classes a workflow uses, by name: events from outside are checked against them before they are kept. */
export function registryOf(workflow: AnyWorkflow): EventRegistry {
  const classes = workflow.steps.flatMap((s) => [...s.accepts, ...s.returns]);
  return new EventRegistry([StartEvent, StopEvent, InputRequiredEvent, HumanResponseEvent, ...classes]);
}

/**
 * A version that names what runs depend on: each workflow's name and its steps with the events they accept and
 * return. DBOS's own default hashes the source of the functions registered, which differs between a bundled, a
 * transpiled and a test-transformed copy of the same code.
 */
export function shapeVersion(workflows: readonly AnyWorkflow[]): string {
  const shape = [...workflows]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((w) => [w.name, w.steps.map((s) => [s.name, s.accepts.map(eventName), s.returns.map(eventName)])]);
  return `weft-${createHash("sha256").update(JSON.stringify(shape)).digest("hex").slice(0, 16)}`;
}

function eventName(cls: { eventName?: string; name: string }): string {
  return cls.eventName ?? cls.name;
}
