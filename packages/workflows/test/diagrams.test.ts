import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

describe("toMermaid", () => {
  it("draws steps, events and an edge for every accept, return and send", () => {
    const Joke = defineEvent("DiagJoke", { joke: z.string() });
    const Note = defineEvent("DiagNote", {});
    const wf = new Workflow({ name: "JokeFlow" })
      .step("generateJoke", { accepts: [StartEvent], returns: [Joke, Note] }, (_ev, ctx) => {
        ctx.sendEvent(new Note());
        return new Joke({ joke: "j" });
      })
      .step("critiqueJoke", { accepts: [Joke], returns: [StopEvent] }, () => new StopEvent())
      .step("log", { accepts: [Note], returns: [] }, () => undefined);
    const chart = wf.toMermaid();
    const lines = chart.split("\n");
    expect(lines[0]).toBe("flowchart TD");
    for (const expected of [
      '  event_StartEvent(["StartEvent"])',
      '  event_DiagJoke(["DiagJoke"])',
      '  event_DiagNote(["DiagNote"])',
      '  event_StopEvent(["StopEvent"])',
      '  step_generateJoke["generateJoke"]',
      "  event_StartEvent --> step_generateJoke",
      "  step_generateJoke --> event_DiagJoke",
      "  step_generateJoke --> event_DiagNote",
      "  event_DiagNote --> step_log",
      "  event_DiagJoke --> step_critiqueJoke",
      "  step_critiqueJoke --> event_StopEvent",
      "  class event_StartEvent endpoint",
      "  class event_DiagJoke eventNode",
      "  class step_log stepNode",
    ]) {
      expect(lines).toContain(expected);
    }
    expect(lines.filter((l) => l.includes("-->"))).toHaveLength(6);
  });
});
