import type { z } from "zod";
import { z as zod } from "zod";
import { Event, type EventClass, type ObjectOf, type ShapeOrObject } from "./event.js";
import { defineEventClass } from "./define-event.js";
import { defaultRegistry } from "./event-registry.js";

/** Starts a run. The plain one takes any fields; `defineStartEvent` makes a typed one. */
export class StartEvent extends Event {
  static override readonly eventName: string = "StartEvent";
  /** Type-only brand: makes `StartEvent` nominal, so an event with the same fields is not mistaken for one. */
  private declare readonly startEventBrand: void;
  [field: string]: unknown;
  constructor(fields?: Record<string, unknown>) {
    super(fields);
  }
}

/** Ends a run. Awaiting a handler gives `result` for a plain StopEvent, and the event itself for a typed one. */
export class StopEvent<R = unknown> extends Event {
  static override readonly eventName: string = "StopEvent";
  /** Type-only brand: an event that merely has a `result` field is not a stop event. */
  private declare readonly stopEventBrand: void;
  declare result: R;
  constructor(fields?: { result?: R }) {
    super(fields);
  }
}

/** Asks a human for input: goes to the stream automatically when a step returns it. */
export class InputRequiredEvent extends Event {
  static override readonly eventName: string = "InputRequiredEvent";
  static override readonly schema: z.ZodObject = zod.looseObject({ prefix: zod.string().default("") });
  declare prefix: string;
  [field: string]: unknown;
  constructor(fields?: { prefix?: string; [field: string]: unknown }) {
    super(fields);
  }
}

/** A human's answer, sent in with `handler.ctx.sendEvent(new HumanResponseEvent({ response }))`. */
export class HumanResponseEvent extends Event {
  static override readonly eventName: string = "HumanResponseEvent";
  static override readonly schema: z.ZodObject = zod.looseObject({ response: zod.string() });
  declare response: string;
  [field: string]: unknown;
  constructor(fields: { response: string; [field: string]: unknown }) {
    super(fields);
  }
}

for (const builtin of [Event, StartEvent, StopEvent, InputRequiredEvent, HumanResponseEvent]) {
  defaultRegistry.register(builtin);
}

/** A typed start event: `run(input)` is then type-checked and validated against `shape`. */
export function defineStartEvent<S extends ShapeOrObject>(
  name: string,
  shape: S,
): EventClass<StartEvent & z.output<ObjectOf<S>>, z.input<ObjectOf<S>>> {
  return defineEventClass(name, shape, StartEvent) as EventClass<StartEvent & z.output<ObjectOf<S>>, z.input<ObjectOf<S>>>;
}

/** A typed stop event: awaiting the handler gives this event. */
export function defineStopEvent<S extends ShapeOrObject>(
  name: string,
  shape: S,
): EventClass<StopEvent<never> & z.output<ObjectOf<S>>, z.input<ObjectOf<S>>> {
  return defineEventClass(name, shape, StopEvent) as EventClass<StopEvent<never> & z.output<ObjectOf<S>>, z.input<ObjectOf<S>>>;
}

/** What awaiting a run gives: a plain StopEvent's `result`, or a typed stop event itself. */
export function resultOf(stop: Event): unknown {
  return stop.constructor === StopEvent ? (stop as StopEvent).result : stop;
}
