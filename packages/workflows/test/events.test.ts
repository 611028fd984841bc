import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  defineStartEvent,
  defineStopEvent,
  Event,
  EventRegistry,
  eventFromJSON,
  EventValidationError,
  HumanResponseEvent,
  InputRequiredEvent,
  StartEvent,
  StopEvent,
} from "../src/index.js";

describe("events", () => {
  const Greeting = defineEvent("Greeting", { greeting: z.string(), formal: z.boolean().default(false) });

  it("validates on construction and exposes fields as properties", () => {
    const ev = new Greeting({ greeting: "hello" });
    expect(ev.greeting).toBe("hello");
    expect(ev.formal).toBe(false);
    expect(ev).toBeInstanceOf(Greeting);
    expect(ev).toBeInstanceOf(Event);
    expect(ev.eventName).toBe("Greeting");
    ev.greeting = "hi";
    expect(ev.greeting).toBe("hi");
  });

  it("names the event, the field and the problem when a field is wrong", () => {
    let error: unknown;
    try {
      new Greeting({ greeting: 42 as unknown as string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventValidationError);
    const err = error as EventValidationError;
    expect(err.eventName).toBe("Greeting");
    expect(err.message).toContain("Invalid Greeting");
    expect(err.message).toContain("greeting");
    expect(err.message).toMatch(/expected string/i);
    expect(err.issues[0].path).toEqual(["greeting"]);
  });

  it("accepts a z.object as the shape", () => {
    const Point = defineEvent("Point", z.object({ x: z.number(), y: z.number() }));
    expect(new Point({ x: 1, y: 2 }).y).toBe(2);
    expect(() => new Point({ x: 1 } as never)).toThrow(/Point[\s\S]*y/);
  });

  it("refuses field names the base class uses", () => {
    expect(() => defineEvent("Bad", { eventId: z.string() })).toThrow(/eventId.*reserved/);
    expect(() => defineEvent("Bad", { ["__proto__"]: z.object({ isAdmin: z.boolean() }) })).toThrow(/__proto__.*reserved/);
  });

  it("checks each event's fields when its schema lets fields outside its shape through", () => {
    const Loose = defineEvent("Loose", z.looseObject({ x: z.number() }));
    expect(new Loose({ x: 1, extra: "kept" } as never)).toMatchObject({ x: 1, extra: "kept" });
    expect(() => new Loose({ x: 1, toJSON: "shadow" } as never)).toThrow(/"toJSON" cannot be an event field/);
    const hostile = JSON.parse('{"x":1,"__proto__":{"isAdmin":true}}') as { x: number };
    const loose = new Loose(hostile);
    expect(Object.getPrototypeOf(loose)).toBe(Loose.prototype);
    expect((loose as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    // a plain shape keeps only its own fields, checked once when it was defined
    const Plain = defineEvent("Plain", { x: z.number() });
    const plain = new Plain(hostile);
    expect(Object.keys(plain)).toEqual(["x"]);
    expect(Object.getPrototypeOf(plain)).toBe(Plain.prototype);
  });

  it("round-trips through JSON with its id and a name registry", () => {
    const ev = new Greeting({ greeting: "hey", formal: true });
    const json = JSON.parse(JSON.stringify(ev));
    expect(json).toEqual({ type: "Greeting", id: ev.eventId, data: { greeting: "hey", formal: true } });
    const back = new EventRegistry([Greeting]).fromJSON(json);
    expect(back).toBeInstanceOf(Greeting);
    expect(back.eventId).toBe(ev.eventId);
    expect((back as InstanceType<typeof Greeting>).greeting).toBe("hey");
    expect(eventFromJSON(json)).toBeInstanceOf(Greeting);
  });

  it("gives a clear error for an unknown type name", () => {
    expect(() => new EventRegistry([Greeting]).fromJSON({ type: "Nope", id: "1", data: {} })).toThrow(/Unknown event type "Nope".*Greeting/);
  });

  it("re-validates data read from JSON", () => {
    expect(() => new EventRegistry([Greeting]).fromJSON({ type: "Greeting", id: "1", data: { greeting: 1 } })).toThrow(EventValidationError);
  });

  it("lets the same name be defined again; a registry resolves it to the class it was given", () => {
    const A1 = defineEvent("Again", { a: z.number() });
    const A2 = defineEvent("Again", { a: z.number() });
    expect(A1).not.toBe(A2);
    expect(new EventRegistry([A1]).fromJSON(new A2({ a: 1 }).toJSON())).toBeInstanceOf(A1);
  });

  it("StartEvent takes free fields; typed start events validate", () => {
    const start = new StartEvent({ topic: "pirates", n: 3 });
    expect(start.topic).toBe("pirates");
    expect(start.n).toBe(3);
    const Query = defineStartEvent("Query", { query: z.string().min(1) });
    const q = new Query({ query: "why?" });
    expect(q).toBeInstanceOf(StartEvent);
    expect(q.query).toBe("why?");
    expect(() => new Query({ query: "" })).toThrow(/Query[\s\S]*query/);
  });

  it("StopEvent carries result; typed stop events are StopEvents with their own fields", () => {
    expect(new StopEvent({ result: 5 }).result).toBe(5);
    const Done = defineStopEvent("Done", { answer: z.string() });
    const d = new Done({ answer: "42" });
    expect(d).toBeInstanceOf(StopEvent);
    expect(d.answer).toBe("42");
  });

  it("InputRequiredEvent and HumanResponseEvent take their field plus any", () => {
    const ask = new InputRequiredEvent({ prefix: "Name? ", user: "u1" });
    expect(ask.prefix).toBe("Name? ");
    expect(ask.user).toBe("u1");
    expect(new InputRequiredEvent().prefix).toBe("");
    const answer = new HumanResponseEvent({ response: "Ada", extra: 1 });
    expect(answer.response).toBe("Ada");
    expect(answer.extra).toBe(1);
    expect(() => new HumanResponseEvent({} as never)).toThrow(/HumanResponseEvent[\s\S]*response/);
  });

  it("gives every event a distinct id", () => {
    const ids = new Set(Array.from({ length: 100 }, () => new StartEvent().eventId));
    expect(ids.size).toBe(100);
  });
});
