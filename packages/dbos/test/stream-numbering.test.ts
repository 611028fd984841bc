import { expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, systemClock, Workflow, type JournalRecord, type Runtime } from "@weft/workflows";
import { StreamNumbering } from "../src/serving/stream-numbering.js";

const Note = defineEvent("Note", { n: z.number() });
/** The step's first note (a rebuilt step may write another); it waits for `gate` after its second. */
let firstNote = 1;
let gate: Promise<void> = Promise.resolve();

const flow = new Workflow({ name: "Notes", timeout: null }).step("write", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
  ctx.writeEventToStream(new Note({ n: firstNote }));
  ctx.writeEventToStream(new Note({ n: 2 }));
  await gate;
  ctx.writeEventToStream(new Note({ n: 3 }));
  return new StopEvent({ result: "done" });
});

const recording = (into: JournalRecord[]): Runtime => ({ clock: systemClock, journalFor: () => ({ append: (r) => void into.push(r) }) });

/** A real journal of a run cut while its step waited (as a SIGKILL leaves it), then rebuilt and run to its end. */
async function cutAndRebuilt(firstAfterRebuild: number): Promise<JournalRecord[]> {
  const first: JournalRecord[] = [];
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const cut = flow.run({}, { runtime: recording(first) });
  cut.catch(() => undefined);
  await expect.poll(() => first.filter((r) => r.type === "stream.written").length).toBe(2);
  const records = [...first];
  cut.cancel("cut");
  open();
  const rest: JournalRecord[] = [];
  firstNote = firstAfterRebuild;
  gate = Promise.resolve();
  try {
    await flow.rebuild(records, { runtime: recording(rest) });
  } finally {
    firstNote = 1;
  }
  return [...records, ...rest];
}

const entries = (records: readonly JournalRecord[]) => {
  const numbering = new StreamNumbering();
  return records.flatMap((r) => {
    const entry = numbering.add(r);
    return entry ? [[entry.seq, entry.type, entry.data]] : [];
  });
};

it("numbers a rebuilt run's entries once: what the step in flight at the cut writes again is the same entry", async () => {
  const journal = await cutAndRebuilt(1);
  // the journal has the step's first two notes twice (written before the cut, and again by the rebuilt step)
  expect(journal.filter((r) => r.type === "stream.written").map((r) => (r.type === "stream.written" ? r.event.data.n ?? "stop" : 0))).toEqual([1, 2, 1, 2, 3, "stop"]);
  expect(entries(journal)).toEqual([
    [1, "Note", { n: 1 }],
    [2, "Note", { n: 2 }],
    [3, "Note", { n: 3 }],
    [4, "StopEvent", { result: "done" }],
  ]);
});

it("numbers what a rebuilt step writes differently as new entries, and a journal without a cut one by one", async () => {
  const journal = await cutAndRebuilt(10);
  // the rebuilt step's first note differs from the one expected: matching ends there
  expect(entries(journal).map(([seq, , data]) => [seq, data])).toEqual([
    [1, { n: 1 }],
    [2, { n: 2 }],
    [3, { n: 10 }],
    [4, { n: 2 }],
    [5, { n: 3 }],
    [6, { result: "done" }],
  ]);
  const plain: JournalRecord[] = [];
  await flow.run({}, { runtime: recording(plain) });
  expect(entries(plain).map(([seq]) => seq)).toEqual([1, 2, 3, 4]);
});
