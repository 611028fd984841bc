import type { z } from "zod";
import { Event, toObjectSchema, type EventClass, type ObjectOf, type ShapeOrObject } from "./event.js";
import { defaultRegistry } from "./event-registry.js";

/** The class `defineEvent` returns: instances carry the schema's output fields; `new` takes its input. */
export type DefinedEvent<S extends ShapeOrObject, Base extends Event = Event> = EventClass<
  Base & z.output<ObjectOf<S>>,
  z.input<ObjectOf<S>>
>;

/** @internal Builds a named subclass of `base` validated by `shape`. */
export function defineEventClass<S extends ShapeOrObject>(
  name: string,
  shape: S,
  base: abstract new (fields?: never) => Event,
): unknown {
  if (!name || typeof name !== "string") throw new TypeError("defineEvent: the event name must be a non-empty string");
  const schema = toObjectSchema(shape, `defineEvent("${name}")`);
  for (const field of Object.keys(schema.shape)) {
    if (Event.reservedFields.has(field) || field === "__proto__") {
      throw new TypeError(`defineEvent("${name}"): field "${field}" is reserved by Event; choose another name`);
    }
  }
  // a catch-all (z.looseObject, .catchall(…)) lets fields the shape does not name through: those are checked per event
  const catchall = schema._zod.def.catchall;
  const fieldsChecked = catchall === undefined || catchall._zod.def.type === "never";
  const cls = class extends (base as typeof Event) {
    static override readonly eventName: string = name;
    static override readonly schema = schema;
    static override readonly fieldsChecked = fieldsChecked;
  };
  Object.defineProperty(cls, "name", { value: name });
  defaultRegistry.register(cls);
  return cls;
}

/**
 * Defines an event class validated by a zod shape:
 * `const JokeEvent = defineEvent("JokeEvent", { joke: z.string() })`.
 */
export function defineEvent<S extends ShapeOrObject>(name: string, shape: S): DefinedEvent<S> {
  return defineEventClass(name, shape, Event) as DefinedEvent<S>;
}
