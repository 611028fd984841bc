import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, MemoryJournal, StartEvent, StopEvent, Workflow, type JournalRecord } from "../src/index.js";

// ctx.durable(name, fn): a step that runs again after a rebuild gets back what its earlier run's durable calls
// completed, and calls `fn` only for the rest.

const Drafted = defineEvent("DurableDrafted", { text: z.string() });

/** `calls` counts each fn's real runs; `value` says what a fn returns (the "world" may answer differently later). */
function mailFlow(calls: Map<string, number>, value: (name: string) => unknown = (name) => ({ done: name }), gate?: Promise<void>) {
  const effect = (name: string) => () => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    return value(name);
  };
  return new Workflow({ name: "DurableMail", timeout: 5 })
    .step("draft", { accepts: [StartEvent], returns: [Drafted] }, () => new Drafted({ text: "hello" }))
    .step("send", { accepts: [Drafted], returns: [StopEvent] }, async (ev, ctx) => {
      const address = await ctx.durable("lookUpAddress", effect("lookUpAddress"));
      const sent = await ctx.durable("sendEmail", effect("sendEmail"));
      await gate;
      const logged = await ctx.durable("logDelivery", effect("logDelivery"));
      return new StopEvent({ result: { text: ev.text, address, sent, logged } });
    });
}

const journaledRuntime = (journal: MemoryJournal) => new InProcessRuntime({ journal: () => journal });
const durableNames = (records: readonly JournalRecord[]) =>
  records.flatMap((r) => (r.type === "durable.completed" ? [r.name] : []));

describe("ctx.durable in a rebuilt run", () => {
  it("at every cut of the journal, returns what was recorded without calling fn, calls fn for the rest, and ends as the uninterrupted run", async () => {
    const journal = new MemoryJournal();
    const expected = await mailFlow(new Map()).run({}, { runtime: journaledRuntime(journal) });
    expect(expected).toEqual({ text: "hello", address: { done: "lookUpAddress" }, sent: { done: "sendEmail" }, logged: { done: "logDelivery" } });
    const records = journal.records;
    expect(durableNames(records)).toEqual(["lookUpAddress", "sendEmail", "logDelivery"]);

    let cutsInsideTheStep = 0;
    for (let cut = 1; cut <= records.length; cut++) {
      const prefix = records.slice(0, cut);
      const sendDone = prefix.some((r) => r.type === "step.completed" && r.returned[0]?.type === "StopEvent");
      const recorded = new Set(durableNames(prefix));
      if (!sendDone && recorded.size > 0) cutsInsideTheStep++;
      const calls = new Map<string, number>();
      const wf = mailFlow(calls);
      const rest = new MemoryJournal();
      expect(await wf.rebuild(prefix, { runtime: journaledRuntime(rest) }), `cut after record ${cut}`).toEqual(expected);
      for (const name of ["lookUpAddress", "sendEmail", "logDelivery"]) {
        const paid = sendDone || recorded.has(name) ? 0 : 1;
        expect(calls.get(name) ?? 0, `${name} after a cut after record ${cut} (${prefix[cut - 1].type})`).toBe(paid);
      }
      // the continuation records exactly the calls it made for real
      expect(durableNames(rest.records).sort()).toEqual([...calls.keys()].sort());
    }
    expect(cutsInsideTheStep).toBeGreaterThanOrEqual(2);
  });

  it("a step in flight when its process died keeps the values its earlier run got (the world answering differently now)", async () => {
    const journal = new MemoryJournal();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const firstCalls = new Map<string, number>();
    const first = mailFlow(firstCalls, (name) => `${name} in the first process`, gate).run({}, { runtime: journaledRuntime(journal) });
    await expect.poll(() => durableNames(journal.records)).toEqual(["lookUpAddress", "sendEmail"]);
    // the process "dies" here: only these records reached the journal
    const records = [...journal.records];
    first.cancel();
    await expect(first).rejects.toThrow("cancelled");
    release();

    const calls = new Map<string, number>();
    const rest = new MemoryJournal();
    const rebuilt = mailFlow(calls, (name) => `${name} after the restart`).rebuild(records, { runtime: journaledRuntime(rest) });
    expect(await rebuilt).toEqual({
      text: "hello",
      address: "lookUpAddress in the first process",
      sent: "sendEmail in the first process",
      logged: "logDelivery after the restart",
    });
    expect(Object.fromEntries(calls)).toEqual({ logDelivery: 1 });
    // the step that ran again is the same execution: its new call is recorded under the execution id it had, after the others
    const executionOf = (rs: readonly JournalRecord[]) => rs.flatMap((r) => (r.type === "durable.completed" ? [[r.executionId, r.index]] : []));
    const [[before]] = executionOf(records) as [[string, number]];
    expect(executionOf(rest.records)).toEqual([[before, 2]]);
  });

  it("a different name at a recorded position is an error naming both", async () => {
    const journal = new MemoryJournal();
    await mailFlow(new Map()).run({}, { runtime: journaledRuntime(journal) });
    const cut = journal.records.findIndex((r) => r.type === "durable.completed") + 1;
    const changed = new Workflow({ name: "DurableMail", timeout: 5 })
      .step("draft", { accepts: [StartEvent], returns: [Drafted] }, () => new Drafted({ text: "hello" }))
      .step("send", { accepts: [Drafted], returns: [StopEvent] }, async (_ev, ctx) => {
        await ctx.durable("chargeCard", () => "charged");
        return new StopEvent({ result: "never" });
      });
    await expect(changed.rebuild(journal.records.slice(0, cut))).rejects.toThrow(
      'Durable call 1 of step "send" is "chargeCard", but the journal recorded "lookUpAddress" there',
    );
  });

  it("a fn that throws records nothing: the step's retry runs it again", async () => {
    let tries = 0;
    const journal = new MemoryJournal();
    const wf = new Workflow({ name: "DurableFlaky", timeout: 5 }).step(
      "only",
      { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2 } },
      async (_ev, ctx) => {
        const value = await ctx.durable("flaky", () => {
          if (++tries === 1) throw new Error("mail server down");
          return tries;
        });
        return new StopEvent({ result: value });
      },
    );
    expect(await wf.run({}, { runtime: journaledRuntime(journal) })).toBe(2);
    expect(journal.records.filter((r) => r.type === "durable.completed")).toMatchObject([{ name: "flaky", index: 0, value: 2 }]);
  });

  it("a result that JSON cannot carry fails the step with an error saying where", async () => {
    const wf = new Workflow({ name: "DurableNotJson", timeout: 5 }).step("only", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await ctx.durable("when", () => ({ at: new Date(0) }));
      return new StopEvent({ result: "never" });
    });
    await expect(wf.run({}, { runtime: journaledRuntime(new MemoryJournal()) })).rejects.toThrow(
      'durable call "when" of step "only" returned an object of class Date at at, which JSON cannot carry unchanged',
    );
  });

  it("with no journal, only calls fn (anything it returns, each time the step runs)", async () => {
    let calls = 0;
    const when = new Date(0);
    const wf = new Workflow({ name: "DurablePlain", timeout: 5 }).step("only", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const value = await ctx.durable("when", () => (calls++, when));
      return new StopEvent({ result: value });
    });
    expect(await wf.run({})).toBe(when);
    expect(await wf.run({})).toBe(when);
    expect(calls).toBe(2);
  });

  it("refuses a call without a name or a function", async () => {
    const wf = new Workflow({ name: "DurableBadCall", timeout: 5 }).step("only", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await ctx.durable("", () => 1);
      return new StopEvent({ result: "never" });
    });
    await expect(wf.run({})).rejects.toThrow('ctx.durable in step "only": the name must be a non-empty string');
  });
});
