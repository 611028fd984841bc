import { afterEach, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  Event,
  EventRegistry,
  eventFromJSON,
  EventValidationError,
  HumanResponseEvent,
  InputRequiredEvent,
  StartEvent,
  StopEvent,
  Workflow,
} from "../src/index.js";

const hostile = '{"__proto__":{"isAdmin":true},"topic":"cats"}';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).isAdmin;
});

function refusal(make: () => unknown): EventValidationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(EventValidationError);
    return error as EventValidationError;
  }
  throw new Error("expected the event to be refused");
}

describe("events built from untyped JSON never take a prototype from it", () => {
  it.each([
    ["StartEvent", (f: object) => new StartEvent(f as Record<string, unknown>)],
    ["StopEvent", (f: object) => new StopEvent(f)],
    ["InputRequiredEvent", (f: object) => new InputRequiredEvent(f as Record<string, unknown>)],
    ["HumanResponseEvent", (f: object) => new HumanResponseEvent({ response: "yes", ...(f as object) })],
  ])("new %s refuses or drops an own __proto__ key and stays an instance of its class", (name, make) => {
    const fields = JSON.parse(hostile) as object;
    let event: Event | undefined;
    try {
      event = make(fields) as Event;
    } catch (error) {
      expect(error).toBeInstanceOf(EventValidationError);
      expect((error as Error).message).toContain("__proto__");
      expect((error as EventValidationError).eventName).toBe(name);
    }
    if (event) {
      // schema'd events validate first; their schema's output has no __proto__ key to carry over
      expect(Object.getPrototypeOf(event).constructor.eventName).toBe(name);
      expect((event as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("StartEvent names the refused field in an EventValidationError", () => {
    const error = refusal(() => new StartEvent(JSON.parse(hostile)));
    expect(error.eventName).toBe("StartEvent");
    expect(error.issues.map((i) => i.path.join("."))).toEqual(["__proto__"]);
    expect(error.message).toMatch(/__proto__.*prototype/);
  });

  it("refuses fields that would shadow Event's own members", () => {
    for (const field of ["eventId", "eventName", "toJSON", "toData", "constructor"]) {
      const error = refusal(() => new StartEvent({ [field]: "x" }));
      expect(error.issues[0].path).toEqual([field]);
    }
    expect(refusal(() => new InputRequiredEvent({ prefix: "?", eventId: "forged" })).issues[0].path).toEqual(["eventId"]);
  });

  it("refuses fields that are not an object", () => {
    expect(refusal(() => new StartEvent("abc" as never)).message).toMatch(/object of fields.*string/);
    expect(refusal(() => new StartEvent([1, 2] as never)).message).toMatch(/object of fields.*array/);
  });

  it("eventFromJSON and a registry refuse the same JSON, and non-object data", () => {
    const data = JSON.parse(hostile) as Record<string, unknown>;
    expect(refusal(() => eventFromJSON({ type: "StartEvent", id: "e1", data })).issues[0].path).toEqual(["__proto__"]);
    expect(refusal(() => new EventRegistry([StartEvent]).fromJSON({ type: "StartEvent", id: "e1", data }))).toBeDefined();
    expect(refusal(() => defaultRegistry.fromJSON({ type: "StartEvent", id: "e1", data: "abc" as never })).message).toMatch(/string/);
  });

  it("run() with such input throws the validation error, never a TypeError", () => {
    const wf = new Workflow({ name: "Hostile" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.topic }));
    let thrown: unknown;
    try {
      void wf.run(JSON.parse(hostile));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EventValidationError);
    expect(thrown).not.toBeInstanceOf(TypeError);
  });

  it("plain fields, nested objects included, still work", async () => {
    const wf = new Workflow({ name: "Plain" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.user }));
    // a nested __proto__ key is data: it stays an own key of the nested object and reaches no prototype
    const user = JSON.parse('{"name":"Ada","__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    const result = (await wf.run({ user })) as Record<string, unknown>;
    expect(result.name).toBe("Ada");
    expect(result.isAdmin).toBeUndefined();
  });
});
