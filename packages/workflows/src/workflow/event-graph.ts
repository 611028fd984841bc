import type { AnyEventClass } from "../events/event.js";
import { HumanResponseEvent, InputRequiredEvent, StartEvent, StopEvent } from "../events/builtin-events.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import type { StepDefinition } from "./step-definition.js";

/** `produced` flows into a step accepting `accepted` (the same class, or a subclass of it). */
export function flowsInto(produced: AnyEventClass, accepted: AnyEventClass): boolean {
  return produced === accepted || produced.prototype instanceof accepted;
}

export function isA(cls: AnyEventClass, base: AnyEventClass): boolean {
  return cls === base || cls.prototype instanceof base;
}

/** The distinct classes in a list, in first-seen order. */
export function distinct(classes: Iterable<AnyEventClass>): AnyEventClass[] {
  return [...new Set(classes)];
}

/** Which classes every step accepts and returns, gathered once for validation and diagrams. */
export interface EventGraph {
  readonly steps: readonly StepDefinition[];
  readonly accepted: AnyEventClass[];
  readonly returned: AnyEventClass[];
  readonly startClasses: AnyEventClass[];
  readonly stopClasses: AnyEventClass[];
}

export function eventGraph(steps: readonly StepDefinition[]): EventGraph {
  const accepted = distinct(steps.flatMap((s) => s.accepts));
  const returned = distinct(steps.flatMap((s) => s.returns));
  return {
    steps,
    accepted,
    returned,
    startClasses: accepted.filter((c) => isA(c, StartEvent)),
    stopClasses: returned.filter((c) => isA(c, StopEvent)),
  };
}

/** Events that come from outside the steps: the start event and human responses. */
export function isExternal(cls: AnyEventClass): boolean {
  return isA(cls, StartEvent) || isA(cls, HumanResponseEvent) || isA(cls, StepFailedEvent);
}

/** Events that need no consuming step: stop events end the run, input-required events go to the stream. */
export function needsNoConsumer(cls: AnyEventClass): boolean {
  return isA(cls, StopEvent) || isA(cls, InputRequiredEvent);
}
