import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { askFlow } from "./fixtures/workflows.js";

const servers: WeftServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

function serve(options: Parameters<typeof createServer>[0]): WeftServer {
  const server = createServer(options);
  servers.push(server);
  return server;
}

async function entriesOf(server: WeftServer, id: string) {
  const out = [];
  for await (const entry of server.runs.read(id, 0, 60_000, new AbortController().signal)) if (entry) out.push(entry);
  return out;
}

describe("a run rebuilt from a journal cut in the middle of a step", () => {
  it("does not repeat an entry that the step in flight writes again", async () => {
    const Note = defineEvent("Note", { text: z.string() });
    let phase: "first process" | "second process" = "first process";
    const flow = new Workflow({ name: "Noter", timeout: null }).step("note", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      ctx.writeEventToStream(new Note({ text: "written once" }));
      if (phase === "first process") await new Promise(() => {}); // "killed" here: the step never ends
      return new StopEvent({ result: "done" });
    });
    const store = new MemoryStore();
    // the first server never closes before the second starts: as after kill -9, its journal ends inside the step
    const first = createServer({ workflows: [flow], store });
    await first.ready;
    const { handler_id } = await first.runs.start("Noter", new StartEvent({}), "noter-1");
    await expect.poll(() => store.lastSeq(handler_id)).toBe(1);

    phase = "second process";
    const second = serve({ workflows: [flow], store });
    await second.ready;
    expect(await second.runs.waitForEnd(handler_id)).toMatchObject({ status: "completed", result: "done" });
    expect((await entriesOf(second, handler_id)).map((e) => [e.seq, e.type, e.data])).toEqual([
      [1, "Note", { text: "written once" }],
      [2, "StopEvent", { result: "done" }],
    ]);
    // closing the first server now would save its stale run over the finished one; it is simply dropped, as a killed process
  });
});

describe("idle release", () => {
  it("takes a waiting run out of memory after idleTimeout and brings it back when its event arrives", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const server = serve({ workflows: [askFlow], store: new MemoryStore(), idleTimeout: 60, clock: () => now });
    await server.ready;
    const start = server.runs;
    const { AskStart } = await import("./fixtures/workflows.js");
    const record = await start.start("Ask", new AskStart({ question: "6*7?" }), undefined);
    await expect.poll(async () => (await server.runs.handler(record.handler_id)).status).toBe("waiting");
    expect(server.runs.liveCount).toBe(1);

    now += 59_000;
    expect(await server.runs.releaseIdle()).toBe(0);
    now += 2_000;
    expect(await server.runs.releaseIdle()).toBe(1);
    expect(server.runs.liveCount).toBe(0);
    expect(await server.runs.handler(record.handler_id)).toMatchObject({ status: "waiting" });

    await server.runs.deliver(record.handler_id, { type: "HumanResponseEvent", data: { response: "42" } }, undefined);
    expect(await server.runs.waitForEnd(record.handler_id)).toMatchObject({ status: "completed", result: { correct: true } });
    expect(server.runs.liveCount).toBe(0);
    // the question was asked once: the re-run "ask" step is not re-run (it had ended), and no entry repeats
    expect((await entriesOf(server, record.handler_id)).map((e) => e.type)).toEqual(["InputRequiredEvent", "AskResult"]);
  });

  it("fails a stored run whose journal no longer fits the workflow, with the reason, instead of hanging", async () => {
    const store = new MemoryStore();
    const old = new Workflow({ name: "Changing", timeout: null }).step("wait", { accepts: [StartEvent], returns: [StopEvent] }, () => new Promise<StopEvent>(() => {}));
    const first = createServer({ workflows: [old], store });
    await first.ready;
    const { handler_id } = await first.runs.start("Changing", new StartEvent({}), undefined);
    const renamed = new Workflow({ name: "Changing", timeout: null }).step("other", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({}));
    const second = serve({ workflows: [renamed], store });
    await second.ready;
    const record = await second.runs.handler(handler_id);
    expect(record.status).toBe("failed");
    expect(record.error).toMatch(/^could not resume: Journal record \d+: step "wait" .*does not fit this workflow/);
  });
});

describe("stream readers", () => {
  it("miss no wake-up that comes between their look at the store and their wait", async () => {
    const store = new MemoryStore();
    const server = serve({ workflows: [askFlow], store });
    await server.ready;
    // a run kept in the store, not in memory (a live run's readers take new entries from memory, with no wait
    // between their look and their arming): its readers look at the store
    const id = "stored-run";
    const at = new Date().toISOString();
    await store.createHandler({ handler_id: id, workflow_name: "Ask", status: "waiting", started_at: at, updated_at: at, completed_at: null }, null);
    await store.appendEntry(id, { seq: 1, type: "InputRequiredEvent", data: {} });
    const read = store.entries.bind(store);
    let raced = false;
    store.entries = async (handlerId, after, limit) => {
      const found = await read(handlerId, after, limit);
      if (!raced && after === 1) {
        // an entry lands (and its wake-up fires) after this read saw nothing
        raced = true;
        await store.appendEntry(handlerId, { seq: 2, type: "Probe", data: {} });
        server.runs.feed.notify(handlerId);
      }
      return found;
    };
    // with an hour between heartbeats, a missed wake-up would hang this read past the test's timeout
    const reader = server.runs.read(id, 1, 3_600_000, new AbortController().signal);
    expect((await reader.next()).value).toMatchObject({ seq: 2, type: "Probe" });
    await reader.return(undefined);
  });
});

describe("an event sent into a run", () => {
  it("is in the store's journal before delivery is acknowledged", async () => {
    const store = new MemoryStore();
    const server = serve({ workflows: [askFlow], store });
    await server.ready;
    const { AskStart } = await import("./fixtures/workflows.js");
    const { handler_id: id } = await server.runs.start("Ask", new AskStart({ question: "q" }), undefined);
    await expect.poll(async () => (await server.runs.handler(id)).status).toBe("waiting");
    await server.runs.deliver(id, { type: "HumanResponseEvent", data: { response: "42" } }, undefined);
    // no turn of the event loop in between: what a kill -9 right after the 202 would find
    const journal = await store.journal(id);
    expect(journal.some((r) => r.type === "event.added" && r.event.type === "HumanResponseEvent")).toBe(true);
  });
});
