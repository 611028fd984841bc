import { WorkflowRuntimeError } from "../errors/errors.js";
import { Event, type AnyEventClass, type EventJSON } from "./event.js";

/** Maps event type names to classes, so JSON can become events again. */
export class EventRegistry {
  private readonly byName = new Map<string, AnyEventClass>();

  constructor(classes: Iterable<AnyEventClass> = []) {
    for (const cls of classes) this.register(cls);
  }

  /** Adds a class; a later class with the same name replaces the earlier one (a process may define its classes anew). */
  register(cls: AnyEventClass): this {
    this.byName.set(cls.eventName, cls);
    return this;
  }

  get(name: string): AnyEventClass | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Rebuilds an event from `ev.toJSON()`; its fields are validated again. */
  fromJSON(json: EventJSON): Event {
    if (!json || typeof json !== "object" || typeof json.type !== "string") {
      throw new WorkflowRuntimeError(`Not an event JSON object: ${JSON.stringify(json)?.slice(0, 200)}`);
    }
    const cls = this.byName.get(json.type);
    if (!cls) {
      throw new WorkflowRuntimeError(
        `Unknown event type "${json.type}": no such event class is known here (known: ${this.names().join(", ") || "none"})`,
      );
    }
    const event = new (cls as unknown as new (fields: object) => Event)(json.data ?? {});
    return typeof json.id === "string" ? Event.withId(event, json.id) : event;
  }
}

/** Every event class defined in this process, by name (the latest definition of a name wins). */
export const defaultRegistry = new EventRegistry();

/** Rebuilds an event from JSON using the process-wide registry. */
export function eventFromJSON(json: EventJSON): Event {
  return defaultRegistry.fromJSON(json);
}
