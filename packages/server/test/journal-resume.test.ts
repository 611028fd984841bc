import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, ManualClock, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { createServer, SqliteStore, type WeftServer } from "../src/index.js";

let dir: string;
const opened: { close(): Promise<void> }[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "weft-journal-"));
});
afterAll(async () => {
  for (const o of opened.reverse()) await o.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const Note = defineEvent("JournalNote", { text: z.string() });
const Handed = defineEvent("JournalHanded", {});

async function entriesOf(server: WeftServer, id: string) {
  const out: [number, string, unknown][] = [];
  for await (const e of server.runs.read(id, 0, 60_000, new AbortController().signal)) if (e) out.push([e.seq, e.type, e.data]);
  return out;
}

describe("a run killed in the middle of a step, on the server's store", () => {
  it("is rebuilt from its journal: the completed step does not run again, its store edit is kept, each entry is streamed once", async () => {
    const calls = { one: 0, two: 0 };
    let process: "first" | "second" = "first";
    const flow = new Workflow({ name: "Edits", timeout: null })
      .step("one", { accepts: [StartEvent], returns: [Handed] }, async (_ev, ctx) => {
        calls.one++;
        await ctx.store.set("from.one", "kept");
        ctx.writeEventToStream(new Note({ text: "one" }));
        return new Handed();
      })
      .step("two", { accepts: [Handed], returns: [StopEvent] }, async (_ev, ctx) => {
        calls.two++;
        ctx.writeEventToStream(new Note({ text: "two" }));
        if (process === "first") await new Promise(() => {}); // "killed" here: the step never ends
        return new StopEvent({ result: await ctx.store.get("from.one") });
      });
    const file = join(dir, "weft.db");

    // the first server is never closed (a closed server would save its runs as they are): as after kill -9
    const firstStore = new SqliteStore(file);
    opened.push(firstStore);
    const first = createServer({ workflows: [flow], store: firstStore, onError: () => undefined });
    await first.ready;
    const { handler_id } = await first.runs.start("Edits", new StartEvent({}), undefined);
    await expect.poll(() => firstStore.lastSeq(handler_id)).toBe(2);
    expect(calls).toEqual({ one: 1, two: 1 });

    process = "second";
    const second = createServer({ workflows: [flow], store: file });
    opened.push(second);
    await second.ready;
    expect(await second.runs.waitForEnd(handler_id)).toMatchObject({ status: "completed", result: "kept" });
    // one completed before the kill: not again; two was in flight: again (at least once)
    expect(calls).toEqual({ one: 1, two: 2 });
    // two's note, written again by its second run, is the same entry, not a new one
    expect(await entriesOf(second, handler_id)).toEqual([
      [1, "JournalNote", { text: "one" }],
      [2, "JournalNote", { text: "two" }],
      [3, "StopEvent", { result: "kept" }],
    ]);

    // the journal runs on from where the first process left it: numbered without gaps, begun once, step one once
    const reader = new SqliteStore(file);
    opened.push(reader);
    await reader.migrate();
    const records = await reader.journal(handler_id);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.filter((r) => r.type === "run.started")).toHaveLength(1);
    expect(records.filter((r) => r.type === "step.started").map((r) => r.type === "step.started" && r.step)).toEqual(["one", "two", "two"]);
    expect(records.at(-1)).toMatchObject({ type: "run.ended", status: "completed" });
  });
});

describe("createServer's runtime option", () => {
  it("gives runs the runtime's clock, and their records still go to the server's store", async () => {
    const clock = new ManualClock(Date.parse("2030-01-01T00:00:00Z"));
    const flow = new Workflow({ name: "Clocked", timeout: null }).step("only", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: "ok" }));
    const store = new SqliteStore(join(dir, "clocked.db"));
    const server = createServer({ workflows: [flow], store, runtime: new InProcessRuntime({ clock }) });
    opened.push(server);
    await server.ready;
    const { handler_id, started_at } = await server.runs.start("Clocked", new StartEvent({}), undefined);
    expect(started_at).toBe("2030-01-01T00:00:00.000Z");
    expect(await server.runs.waitForEnd(handler_id)).toMatchObject({ status: "completed", result: "ok" });
    const records = await store.journal(handler_id);
    expect(records.map((r) => r.type)).toContain("run.ended");
    expect(new Set(records.map((r) => r.at))).toEqual(new Set([clock.now()]));
  });
});
