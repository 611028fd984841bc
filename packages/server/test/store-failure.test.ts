import { afterEach, expect, it } from "vitest";
import type { JournalRecord } from "@weft/workflows";
import { createServer, MemoryStore, type FirstRecords, type HandlerRecord, type StreamEntry, type WeftServer } from "../src/index.js";
import { askFlow, threeSteps } from "./fixtures/workflows.js";

/** A memory store whose writes can be made to reject, as a full disk or a lost database connection would. */
class FailingStore extends MemoryStore {
  failing: "create" | "journal" | "end" | null = null;

  override createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean> {
    if (this.failing === "create") return Promise.reject(new Error("SQLITE_FULL: database or disk is full (/srv/secret.db)"));
    return super.createHandler(record, snapshot, first);
  }

  override appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void> {
    if (this.failing === "journal") return Promise.reject(new Error("connection lost"));
    return super.appendJournal(handlerId, records, entries);
  }

  override updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    if (this.failing === "end" && record.status === "completed") return Promise.reject(new Error("connection lost"));
    return super.updateHandler(record, snapshot);
  }
}

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function serve(store: FailingStore, reported: unknown[]): WeftServer {
  server = createServer({ workflows: [threeSteps, askFlow], store, onError: (error) => reported.push(error) });
  return server;
}

async function call(method: string, path: string, body?: unknown) {
  const res = await server!.app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

function expect503(res: { status: number; text: string; body: { error?: { code: string; message: string } } }, handlerId?: string): void {
  expect(res.status).toBe(503);
  expect(res.body.error?.code).toBe("store_unavailable");
  expect(res.body.error?.message).toMatch(/^The store could not save handler "[^"]+": the request was not carried out/);
  if (handlerId) expect(res.body.error?.message).toContain(`"${handlerId}"`);
  // the store's own words (paths, SQL) and stacks stay on the server
  expect(res.text).not.toMatch(/SQLITE|secret|connection lost|\n\s+at /);
}

it("a start whose row cannot be written answers 503 and leaves no run behind", async () => {
  const store = new FailingStore();
  const reported: unknown[] = [];
  serve(store, reported);
  store.failing = "create";
  expect503(await call("POST", "/workflows/ThreeSteps/run-nowait", { start_event: { topic: "a" } }));
  expect503(await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "a" }, handler_id: "mine" }), "mine");
  expect(reported.map((e) => (e as Error).message)).toEqual([expect.stringContaining("SQLITE_FULL"), expect.stringContaining("SQLITE_FULL")]);
  expect(server!.runs.liveCount).toBe(0);
  expect((await call("GET", "/handlers")).body.handlers).toEqual([]);
  store.failing = null;
  expect(await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "a" }, handler_id: "mine" })).toMatchObject({ status: 200, body: { status: "completed", result: "A!" } });
});

it("an event whose record cannot be written answers 503; the run stays as stored and takes the event once when sent again", async () => {
  const store = new FailingStore();
  serve(store, []);
  const id = (await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6 × 7?" } })).body.handler_id as string;
  while ((await store.getHandler(id))?.status !== "waiting") await new Promise((r) => setTimeout(r, 5));
  store.failing = "journal";
  expect503(await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "41" } } }), id);
  // not running ahead of the store: the run left memory, and reads show what the store holds
  expect(server!.runs.liveCount).toBe(0);
  expect(await call("GET", `/handlers/${id}`)).toMatchObject({ status: 202, body: { status: "waiting" } });
  store.failing = null;
  expect((await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "42" } } })).status).toBe(202);
  expect(await server!.runs.waitForEnd(id)).toMatchObject({ status: "completed", result: { correct: true, given: "42" } });
  // the refused answer is nowhere in the run's history; the accepted one is there once
  const humanEvents = (await store.journal(id)).flatMap((r) => (r.type === "event.added" && r.event.type === "HumanResponseEvent" ? [r.event.data] : []));
  expect(humanEvents).toEqual([expect.objectContaining({ response: "42" })]);
});

it("a run whose end cannot be written answers 503 to POST /run, and comes back from its journal once the store works", async () => {
  const store = new FailingStore();
  serve(store, []);
  store.failing = "end";
  const res = await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "b" }, handler_id: "ending" });
  expect503(res, "ending");
  expect(await call("GET", "/handlers/ending")).toMatchObject({ status: 202, body: { status: "running" } });
  store.failing = null;
  expect(await server!.runs.resumeFailed()).toBe(1);
  expect(await server!.runs.waitForEnd("ending")).toMatchObject({ status: "completed", result: "B!" });
  expect(await server!.runs.resumeFailed()).toBe(0);
});
