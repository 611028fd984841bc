import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  InProcessRuntime,
  InputRequiredEvent,
  ManualClock,
  MemoryJournal,
  StartEvent,
  StopEvent,
  Workflow,
  WorkflowTimeoutError,
  type JournalRecord,
} from "../src/index.js";
import { journalUntil } from "./fixtures/journal-until.js";

// Minimal cases the rebuild property test found: a run rebuilt from its journal while it waits, or while a timer of
// it runs, must carry on as the uninterrupted run would have.

const Reply = defineEvent("RebuildReply", { text: z.string() });

/** The events of a handler's stream once its run has ended, by name. */
async function streamNames(handler: { streamEntries(): AsyncIterable<{ event: { eventName: string } }> }): Promise<string[]> {
  const names: string[] = [];
  for await (const { event } of handler.streamEntries()) names.push(event.eventName);
  return names;
}

describe("rebuilding a run that waits for an answer", () => {
  it.each([
    ["", false],
    [", from a journal whose wait.begun does not name its question", true],
  ])("does not ask its question again: the stream holds it once%s", async (_title, unnamed) => {
    const flow = new Workflow({ name: "RebuildAsk", timeout: null }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const reply = await ctx.waitForEvent(Reply, { waiterEvent: new InputRequiredEvent({ prefix: "name?" }) });
      return new StopEvent({ result: reply.text });
    });
    const journal = new MemoryJournal();
    const first = flow.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    await expect.poll(() => journal.records.some((r) => r.type === "stream.written")).toBe(true);
    // the older record had no `question`: the stream entry of its tick is taken for it
    const records: JournalRecord[] = journal.records.map((r) => (unnamed && r.type === "wait.begun" ? { ...r, question: undefined } : r));
    first.cancel("moved to another process");
    await first.catch(() => undefined);

    const carried = new MemoryJournal();
    const rebuilt = flow.rebuild(records, { runtime: new InProcessRuntime({ journal: () => carried }) });
    // answered once the re-run step waits again (an answer that came before would be taken without a wait)
    await expect.poll(() => carried.records.some((r) => r.type === "wait.begun")).toBe(true);
    rebuilt.ctx.sendEvent(new Reply({ text: "Ada" }));
    expect(await rebuilt).toBe("Ada");
    expect(await streamNames(rebuilt)).toEqual(["InputRequiredEvent", "StopEvent"]);
  });
});

describe("rebuilding a run cut around its question", () => {
  /** A step that asks with a 1 s wait timeout and returns what it got ("no reply" once that passed). */
  const asking = (name: string) =>
    new Workflow({ name, timeout: null }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const reply = await ctx
        .waitForEvent(Reply, { timeout: 1, waiterEvent: new InputRequiredEvent({ prefix: "name?" }) })
        .catch((error: unknown) => (error instanceof WorkflowTimeoutError ? null : Promise.reject(error)));
      return new StopEvent({ result: reply ? reply.text : "no reply" });
    });

  it("asks it when the journal was cut after wait.begun, before the question was written", async () => {
    const flow = asking("RebuildCutBeforeQuestion");
    const records = await journalUntil(flow, 0);
    const begun = records.findIndex((r) => r.type === "wait.begun");
    const clock = new ManualClock(records[begun].at);
    const rebuilt = flow.rebuild(records.slice(0, begun + 1), { runtime: new InProcessRuntime({ clock }) });
    await clock.advance(1000);
    expect(await rebuilt).toBe("no reply");
    expect(await streamNames(rebuilt)).toEqual(["InputRequiredEvent", "StopEvent"]);
  });

  it("a wait that timed out before the cut times out again for the re-run step, which does not ask again", async () => {
    const flow = asking("RebuildWaitTimedOut");
    const records = await journalUntil(flow, 1000);
    const fired = records.findIndex((r) => r.type === "timer.fired" && r.timerKind === "wait");
    const clock = new ManualClock(records[fired].at);
    const rebuilt = flow.rebuild(records.slice(0, fired + 1), { runtime: new InProcessRuntime({ clock }) });
    await clock.advance(0);
    expect(await rebuilt).toBe("no reply");
    expect(await streamNames(rebuilt)).toEqual(["InputRequiredEvent", "StopEvent"]);
  });
});

describe("rebuilding a run that was answered with an event no step declares", () => {
  it("revives the answer (a wait takes events of any class) and carries the run on", async () => {
    const flow = new Workflow({ name: "RebuildUndeclaredAnswer", timeout: null }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const reply = await ctx.waitForEvent(Reply);
      return new StopEvent({ result: reply.text });
    });
    const journal = new MemoryJournal();
    const first = flow.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    await expect.poll(() => journal.records.some((r) => r.type === "wait.begun")).toBe(true);
    first.ctx.sendEvent(new Reply({ text: "Ada" }));
    expect(await first).toBe("Ada");
    // cut right after the answer came in, before the step that took it completed
    const answered = journal.records.findIndex((r) => r.type === "event.added" && r.event.type === "RebuildReply");
    const records = journal.records.slice(0, answered + 1);

    const rebuilt = flow.rebuild(records, { runtime: new InProcessRuntime({ journal: () => new MemoryJournal() }) });
    expect(await rebuilt).toBe("Ada");
  });
});
