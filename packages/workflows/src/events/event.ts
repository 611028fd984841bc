import { z } from "zod";
import { zodSchemaProblem } from "@weft/core";
import { EventValidationError } from "../errors/errors.js";
import { uuidv7 } from "../ids/uuidv7.js";

/** The JSON form of an event: round-trips through `EventRegistry.fromJSON`. */
export interface EventJSON {
  type: string;
  id: string;
  data: Record<string, unknown>;
}


const ID = Symbol("weft.event.id");
/** @internal Where tracing keeps what it knows of an event (see tracing/run-tracer.ts). */
export const TRACE = Symbol("weft.event.trace");

/** Base class of all events. Fields are plain properties of the instance. */
export class Event {
  /** The event's type name, used for JSON and diagrams. */
  static readonly eventName: string = "Event";
  /** The zod schema every instance is validated against, or null when any fields are accepted. */
  static readonly schema: z.ZodObject | null = null;

  /** @internal */
  declare [ID]: string | undefined;
  /** @internal */
  declare [TRACE]: unknown;

  /**
   * @internal True when the schema's output can hold only the fields of its shape (no catch-all), which `defineEvent`
   * checked against `reservedFields`: its events are then built without checking each key again.
   */
  static readonly fieldsChecked: boolean = false;

  /** Names an event's fields may not take, because the base class uses them. */
  static readonly reservedFields: ReadonlySet<string> = new Set(["eventId", "eventName", "toData", "toJSON", "constructor"]);

  constructor(fields?: object) {
    // Both slots exist from the start, so every event keeps one shape whether or not its id or trace is ever used.
    this[ID] = undefined;
    this[TRACE] = undefined;
    const ctor = this.constructor as typeof Event;
    const schema = ctor.schema;
    if (schema === null) {
      if (fields !== undefined && fields !== null) assignFields(this, ctor.eventName, fields);
      return;
    }
    const parsed = schema.safeParse(fields ?? {});
    if (!parsed.success) throw new EventValidationError(ctor.eventName, parsed.error.issues);
    // a schema that keeps only its own fields had them checked once, by defineEvent
    if (ctor.fieldsChecked) Object.assign(this, parsed.data);
    else assignFields(this, ctor.eventName, parsed.data);
  }

  /** The event's id (a UUIDv7, made on first read), kept across serialization. */
  get eventId(): string {
    return (this[ID] ??= uuidv7());
  }

  /** The event's type name (its class's `eventName`). */
  get eventName(): string {
    return (this.constructor as typeof Event).eventName;
  }

  /** The event's own fields, as a plain object. */
  toData(): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const key of Object.keys(this)) data[key] = (this as unknown as Record<string, unknown>)[key];
    return data;
  }

  toJSON(): EventJSON {
    return { type: this.eventName, id: this.eventId, data: this.toData() };
  }

  /** @internal Restores an id read from JSON. */
  static withId<E extends Event>(event: E, id: string): E {
    event[ID] = id;
    return event;
  }
}

/**
 * @internal `event.toJSON()` for a journal record made at `at`, the run's clock time: an event without an id yet gets
 * one made at that time, which spares the clock read of `eventId` (a read costs about as much as the rest of a record).
 */
export function eventJSONAt(event: Event, at: number): EventJSON {
  // an event class with a toJSON of its own keeps it
  if (event.toJSON !== Event.prototype.toJSON) return event.toJSON();
  return { type: event.eventName, id: (event[ID] ??= uuidv7(at)), data: event.toData() };
}

/**
 * Copies an event's fields onto it. Fields come from untyped JSON too, so a `__proto__` key (which `Object.assign`
 * would turn into the event's prototype) and keys that would shadow Event's own members are refused, never copied.
 */
function assignFields(event: Event, eventName: string, fields: unknown): void {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    const got = Array.isArray(fields) ? "an array" : fields === null ? "null" : `a ${typeof fields}`;
    throw new EventValidationError(eventName, [{ code: "custom", path: [], message: `expected an object of fields, got ${got}`, input: fields }]);
  }
  for (const key of Object.keys(fields)) {
    if (key === "__proto__" || Event.reservedFields.has(key)) {
      const why = key === "__proto__" ? "it would replace the event's prototype" : "Event uses that name";
      throw new EventValidationError(eventName, [{ code: "custom", path: [key], message: `"${key}" cannot be an event field: ${why}`, input: fields }]);
    }
  }
  Object.assign(event, fields);
}

/** An event class: `new X(fields)` validates; `ev instanceof X` works. */
export interface EventClass<E extends Event = Event, Input = unknown> {
  new (...args: {} extends Input ? [fields?: Input] : [fields: Input]): E;
  readonly eventName: string;
  readonly schema: z.ZodObject | null;
  readonly prototype: E;
}

/** Any event class, whatever its constructor input. */
export type AnyEventClass<E extends Event = Event> = (abstract new (...args: never[]) => E) & {
  readonly eventName: string;
  readonly schema: z.ZodObject | null;
};

export type ShapeOrObject = z.ZodRawShape | z.ZodObject;
export type ObjectOf<S extends ShapeOrObject> = S extends z.ZodObject ? S : S extends z.ZodRawShape ? z.ZodObject<S> : never;

/** Turns a raw shape or a `z.object` into one `z.object`. */
export function toObjectSchema<S extends ShapeOrObject>(shape: S, where: string): ObjectOf<S> {
  if (shape instanceof z.ZodObject) return shape as ObjectOf<S>;
  if (typeof shape !== "object" || shape === null) throw new TypeError(`${where}: the shape must be a zod raw shape or a z.object`);
  // A schema from another zod major is not a ZodObject here: say which version it came from.
  const whole = zodSchemaProblem(shape);
  if (whole?.startsWith("Weft needs")) throw new TypeError(`${where}: ${whole}`);
  for (const [field, schema] of Object.entries(shape)) {
    const problem = zodSchemaProblem(schema);
    if (problem) throw new TypeError(`${where}: field "${field}": ${problem}`);
  }
  return z.object(shape as z.ZodRawShape) as ObjectOf<S>;
}
