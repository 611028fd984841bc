import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  HumanResponseEvent,
  InProcessRuntime,
  InputRequiredEvent,
  ManualClock,
  MemoryJournal,
  StartEvent,
  StopEvent,
  Workflow,
  type JournalRecord,
} from "../src/index.js";

const Asked = defineEvent("JournalAsked", { name: z.string() });
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A run that writes to its stream, fails once and retries after 2 s, waits for a human, then stops. */
function journaledRun() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const journal = new MemoryJournal();
  const runtime = new InProcessRuntime({ clock, journal: () => journal });
  const wf = new Workflow({ name: "Journaled", timeout: null })
    .step("ask", { accepts: [StartEvent], returns: [Asked], retry: { maxAttempts: 2, delay: 2, backoff: "fixed" } }, async (ev, ctx) => {
      ctx.writeEventToStream(new InputRequiredEvent({ prefix: `attempt ${ctx.attempt}` }));
      if (ctx.attempt === 1) throw new Error("flaky");
      const answer = await ctx.waitForEvent(HumanResponseEvent);
      return new Asked({ name: `${ev.greeting} ${answer.response}` });
    })
    .step("finish", { accepts: [Asked], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.name }));
  const handler = wf.run({ greeting: "hello" }, { runtime });
  return { clock, journal, handler };
}

describe("a run's journal", () => {
  it("receives every record in order, as plain JSON, numbered, with the clock's time and the decisions taken", async () => {
    const { clock, journal, handler } = journaledRun();
    await clock.advance(0);
    await clock.advance(2000); // the retry delay, on the manual clock
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    expect(await handler).toBe("hello Ada");

    const records = journal.records;
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.map((r) => r.type)).toEqual([
      "run.started",
      "event.added", // the start event
      "step.started", // ask, attempt 1
      "stream.written",
      "step.failed",
      "timer.scheduled", // the retry delay, as a timer of the reducer's
      "timer.fired",
      "step.started", // ask, attempt 2, after the delay
      "stream.written",
      "wait.begun",
      "event.added", // the human's answer
      "wait.answered",
      "step.completed", // returning Asked: a returned event travels in its step's completion record
      "step.started",
      "step.completed", // returning the stop event
      "stream.written",
      "run.ended",
    ]);
    const of = <T extends JournalRecord["type"]>(type: T) => records.filter((r): r is Extract<JournalRecord, { type: T }> => r.type === type);
    const [failed] = of("step.failed");
    expect(failed).toMatchObject({ error: { name: "Error", message: "flaky" }, retry: { delayMs: 2000 }, recovered: false });
    const [scheduled] = of("timer.scheduled");
    expect(scheduled).toMatchObject({ timerKind: "retry", dueAt: failed.at + 2000, at: failed.at, executionId: expect.stringMatching(UUID_V7) });
    expect(of("timer.fired")).toEqual([expect.objectContaining({ timerId: scheduled.timerId, timerKind: "retry", at: failed.at + 2000 })]);
    const starts = of("step.started");
    expect(starts.map((r) => [r.step, r.attempt, r.at - records[0].at])).toEqual([
      ["ask", 1, 0],
      ["ask", 2, 2000],
      ["finish", 1, 2000],
    ]);
    expect(of("stream.written").map((r) => r.streamSeq)).toEqual([1, 2, 3]);
    expect(of("run.ended")[0]).toMatchObject({ status: "completed", result: { type: "StopEvent", data: { result: "hello Ada" } } });
    expect(of("run.started")[0]).toMatchObject({ runId: handler.runId, workflow: "Journaled", resumed: false, input: { data: { greeting: "hello" } } });
  });

  it("names runs, events and step executions with time-ordered UUIDv7 ids", async () => {
    const { clock, journal, handler } = journaledRun();
    await clock.advance(2000);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    await handler;
    expect(handler.runId).toMatch(UUID_V7);
    const executionIds = journal.records.flatMap((r) => (r.type === "step.started" ? [r.executionId] : []));
    const eventIds = journal.records.flatMap((r) => (r.type === "event.added" ? [r.event.id] : []));
    for (const id of [...executionIds, ...eventIds]) expect(id).toMatch(UUID_V7);
    expect(new Set(executionIds).size).toBe(3);
    expect([...executionIds].sort()).toEqual(executionIds);
  });

  it("serializes an event once for the records that follow each other with it, and keeps seq each record's last field", async () => {
    const { clock, journal, handler } = journaledRun();
    await clock.advance(2000);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    await handler;
    const records = journal.records;
    const started = records.find((r) => r.type === "run.started")!;
    const added = records.find((r) => r.type === "event.added")!;
    const completed = records.filter((r) => r.type === "step.completed").at(-1)!;
    const written = records.filter((r) => r.type === "stream.written").at(-1)!;
    const ended = records.find((r) => r.type === "run.ended")!;
    if (started.type !== "run.started" || added.type !== "event.added") throw new Error("unexpected record types");
    if (completed.type !== "step.completed" || written.type !== "stream.written" || ended.type !== "run.ended") throw new Error("unexpected record types");
    // records are never changed once appended: the records of the stop event's tick share its JSON
    expect(added.event).toEqual(started.input);
    expect(written.event).toBe(completed.returned[0]);
    expect(ended.result).toBe(completed.returned[0]);
    expect(ended.result).toMatchObject({ type: "StopEvent", data: { result: "hello Ada" } });
    // the order of a record's fields is that of its JSON, which stores and the Studio keep
    for (const r of records) expect(Object.keys(r).at(-1)).toBe("seq");
  });

  it("serializes again an event a step sends twice, so a change in between is journaled", async () => {
    const Note = defineEvent("JournalNote", { n: z.number() });
    const journal = new MemoryJournal();
    const wf = new Workflow({ name: "SendTwice" })
      .step("send", { accepts: [StartEvent], returns: [Note] }, (_ev, ctx) => {
        const note = new Note({ n: 1 });
        ctx.sendEvent(note);
        note.n = 2;
        ctx.sendEvent(note);
      })
      .step("take", { accepts: [Note], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.n }));
    await wf.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    const sent = journal.records.flatMap((r) => (r.type === "event.added" && r.event.type === "JournalNote" ? [r.event.data] : []));
    expect(sent).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("names an event it serializes first at the record's clock time, without reading the process's clock", async () => {
    const now = vi.spyOn(Date, "now");
    try {
      const { clock, journal, handler } = journaledRun();
      await clock.advance(2000);
      handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
      await handler;
      // every time of the run is the manual clock's: reading Date.now for an event's id cost a clock read per event
      expect(now).not.toHaveBeenCalled();
      const eventIds = journal.records.flatMap((r) => (r.type === "event.added" ? [r.event.id] : r.type === "step.completed" ? r.returned.map((e) => e.id) : []));
      expect(eventIds.length).toBeGreaterThanOrEqual(4);
      for (const id of eventIds) expect(id).toMatch(UUID_V7);
    } finally {
      now.mockRestore();
    }
  });

  it("keeps the JSON of an event class with a toJSON of its own", async () => {
    class Tagged extends StopEvent {
      override toJSON() {
        return { ...super.toJSON(), data: { result: "tagged" } };
      }
    }
    const journal = new MemoryJournal();
    const wf = new Workflow({ name: "OwnJSON" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new Tagged({ result: 1 }));
    await wf.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    const completed = journal.records.find((r) => r.type === "step.completed");
    expect(completed).toMatchObject({ returned: [{ type: "StopEvent", data: { result: "tagged" } }] });
  });

  it("a run without a journal records nothing and runs as before", async () => {
    const wf = new Workflow({ name: "Unjournaled" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: 1 }));
    let asked = 0;
    const runtime = new InProcessRuntime({ journal: () => void asked++ });
    expect(await wf.run({}, { runtime })).toBe(1);
    expect(asked).toBe(1);
  });

  it("ends with run.ended: a step that finishes after its run timed out is not recorded", async () => {
    const clock = new ManualClock();
    const journal = new MemoryJournal();
    const wf = new Workflow({ name: "LateStep", timeout: 1 }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      // the run's end rejects the wait; the step goes on and returns after its run has ended
      const answer = await ctx.waitForEvent(HumanResponseEvent).catch(() => null);
      return new StopEvent({ result: answer });
    });
    const handler = wf.run({}, { runtime: new InProcessRuntime({ clock, journal: () => journal }) });
    const ending = handler.catch((error: unknown) => error);
    await clock.advance(1000);
    expect(await ending).toMatchObject({ message: "Run timed out after 1s; still running: ask" });
    await clock.advance(0);
    expect(journal.records.map((r) => r.type).slice(-2)).toEqual(["timer.fired", "run.ended"]);
  });
});

describe("a journal that stores asynchronously (settled)", () => {
  it("has each step start only once what came before it is stored", async () => {
    const records: JournalRecord[] = [];
    let stored = 0;
    let store: () => void = () => undefined;
    const journal = {
      append: (record: JournalRecord) => void records.push(record),
      // stores on demand: pending until the test says so
      settled: () => (stored === records.length ? undefined : new Promise<void>((resolve) => (store = () => ((stored = records.length), resolve())))),
    };
    const ran: string[] = [];
    const wf = new Workflow({ name: "Settled", timeout: null })
      .step("one", { accepts: [StartEvent], returns: [Asked] }, () => (ran.push("one"), new Asked({ name: "x" })))
      .step("two", { accepts: [Asked], returns: [StopEvent] }, (ev) => (ran.push("two"), new StopEvent({ result: ev.name })));
    const handler = wf.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([]);
    store();
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual(["one"]);
    expect(records.at(-1)?.type).not.toBe("run.ended");
    store();
    await expect(handler).resolves.toBe("x");
    expect(ran).toEqual(["one", "two"]);
  });
});
