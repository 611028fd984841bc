import { acceptsEvent, returnsEvent, type StepDefinition } from "../workflow/step-definition.js";
import { Event } from "../events/event.js";
import { WorkflowRuntimeError } from "../errors/errors.js";
import type { RunState } from "./run-state.js";

/** Checks a `sendEvent` before it reaches the reducer: the caller gets the error, the run goes on. */
export function checkSend(state: RunState, event: Event, target: string | undefined, from: StepDefinition | null): void {
  if (!(event instanceof Event)) throw new TypeError(`sendEvent: expected an event, got ${typeof event}`);
  const where = from ? `step "${from.name}"` : "outside the workflow";
  if (state.status !== "running") throw new WorkflowRuntimeError(`sendEvent(${event.eventName}) from ${where}: the run is ${state.status}`);
  if (from && !returnsEvent(from, event)) {
    const declared = from.returns.map((c) => c.eventName).join(", ") || "nothing";
    throw new WorkflowRuntimeError(`Step "${from.name}" sent ${event.eventName}, which it does not declare (returns: ${declared})`);
  }
  if (target === undefined) return;
  const def = state.steps.get(target);
  if (!def) throw new WorkflowRuntimeError(`sendEvent(${event.eventName}, { step: "${target}" }): no such step (steps: ${[...state.steps.keys()].join(", ")})`);
  if (!acceptsEvent(def, event)) {
    const accepts = def.accepts.map((c) => c.eventName).join(", ");
    throw new WorkflowRuntimeError(`sendEvent(${event.eventName}, { step: "${target}" }): that step does not accept it (accepts: ${accepts})`);
  }
}

/** Checks a `collectEvents` call: a snapshot refuses a collected event its step does not accept, so none may be collected either. */
export function checkCollect(def: StepDefinition, event: Event): void {
  if (acceptsEvent(def, event)) return;
  const accepts = def.accepts.map((c) => c.eventName).join(", ");
  throw new WorkflowRuntimeError(`collectEvents(${event.eventName}) in step "${def.name}": that step does not accept it (accepts: ${accepts})`);
}
