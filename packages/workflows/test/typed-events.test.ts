import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineEvent, defineStartEvent, defineStopEvent, EventValidationError, StartEvent, StopEvent, Workflow } from "../src/index.js";

const Question = defineStartEvent("Question", { text: z.string().min(3), lang: z.enum(["en", "fr"]).default("en") });
const Answer = defineStopEvent("Answer", { text: z.string(), confidence: z.number() });
const Draft = defineEvent("Draft", { text: z.string() });

const qa = new Workflow({ name: "QA" })
  .step("draft", { accepts: [Question], returns: [Draft] }, (ev) => new Draft({ text: `${ev.lang}: ${ev.text}` }))
  .step("answer", { accepts: [Draft], returns: [Answer] }, (ev) => new Answer({ text: ev.text, confidence: 0.9 }));

describe("typed start and stop events", () => {
  it("awaiting a run with a typed stop event gives the event itself", async () => {
    const answer = await qa.run({ text: "why?" });
    expect(answer).toBeInstanceOf(Answer);
    expect(answer).toBeInstanceOf(StopEvent);
    expectTypeOf(answer.confidence).toEqualTypeOf<number>();
    expect([answer.text, answer.confidence]).toEqual(["en: why?", 0.9]);
  });

  it("validates run input against the typed start event, naming the field", () => {
    let error: unknown;
    try {
      qa.run({ text: "no" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as Error).message).toMatch(/^Invalid Question:\n {2}- text: /);
    // @ts-expect-error `text` is required by the typed start event
    expect(() => qa.run({ lang: "fr" })).toThrow(EventValidationError);
  });

  it("a plain StopEvent gives its result", async () => {
    const wf = new Workflow({ name: "Plain" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: { ok: true } }));
    expect(await wf.run()).toEqual({ ok: true });
  });
});

describe("stop event typing", () => {
  it("an ordinary event with a `result` field is not taken for a stop event", async () => {
    const Graded = defineEvent("Graded", { result: z.number() });
    const Report = defineStopEvent("Report", { text: z.string() });
    const wf = new Workflow({ name: "Grades" })
      .step("grade", { accepts: [StartEvent], returns: [Graded] }, () => new Graded({ result: 3 }))
      .step("report", { accepts: [Graded], returns: [Report] }, (ev) => new Report({ text: `grade ${ev.result}` }));
    const out = await wf.run();
    // Without the brand, Graded (it has `result`) leaked into the type of the run's result.
    expectTypeOf(out).toEqualTypeOf<InstanceType<typeof Report>>();
    expect(out.text).toBe("grade 3");
  });
});
