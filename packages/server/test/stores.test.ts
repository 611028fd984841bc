import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// a real PostgreSQL server on loopback, removed when the tests end (also when they fail or are interrupted)
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { createServer, MemoryStore, PostgresStore, SqliteStore, type HandlerRecord, type RunStore } from "../src/index.js";
import { StartEvent, type JournalRecord } from "@weft/workflows";
import Database from "better-sqlite3";
import { MIGRATIONS, MIGRATIONS_TABLE } from "../src/store/migrations.js";
import { AskStart, askFlow, threeSteps } from "./fixtures/workflows.js";

let dir: string;
let postgres: RunningPostgres | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "weft-stores-"));
  postgres = await startPostgres();
}, 90_000);
afterAll(() => {
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const record = (id: string, over: Partial<HandlerRecord> = {}): HandlerRecord => ({
  handler_id: id,
  workflow_name: "W",
  status: "running",
  started_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
  completed_at: null,
  ...over,
});

const kinds: [string, () => RunStore][] = [
  ["memory", () => new MemoryStore()],
  ["SQLite", () => new SqliteStore(join(dir, `s-${Math.random().toString(36).slice(2)}.db`))],
  ["PostgreSQL", () => new PostgresStore(postgres!.url)],
];

describe.each(kinds)("%s store", (_name, open) => {
  it("keeps handlers, entries and snapshots, and refuses a duplicate id", async () => {
    const store = open();
    try {
      await store.migrate();
      await store.migrate(); // a second start applies nothing again
      const id = `h-${Math.random().toString(36).slice(2)}`;
      expect(await store.createHandler(record(id), { v: 1 })).toBe(true);
      expect(await store.createHandler(record(id, { workflow_name: "Other" }), { v: 2 })).toBe(false);
      expect(await store.loadSnapshot(id)).toEqual({ v: 1 });
      for (let seq = 1; seq <= 3; seq++) await store.appendEntry(id, { seq, type: "E", data: { seq } });
      expect((await store.entries(id, 1, 10)).map((e) => e.seq)).toEqual([2, 3]);
      expect((await store.entries(id, 0, 2)).map((e) => e.seq)).toEqual([1, 2]);
      expect(await store.lastSeq(id)).toBe(3);
      await store.updateHandler(record(id, { status: "completed", result: { ok: true } }));
      expect(await store.loadSnapshot(id)).toEqual({ v: 1 });
      await store.updateHandler(record(id, { status: "completed", result: { ok: true } }), { v: 3 });
      expect(await store.loadSnapshot(id)).toEqual({ v: 3 });
      expect(await store.getHandler(id)).toMatchObject({ status: "completed", result: { ok: true } });
      expect((await store.listHandlers({ status: "completed" })).map((r) => r.handler_id)).toContain(id);
      expect((await store.listHandlers({ status: "running" })).map((r) => r.handler_id)).not.toContain(id);
      await store.deleteHandler(id);
      expect(await store.getHandler(id)).toBeUndefined();
      expect(await store.lastSeq(id)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("lists handlers newest first by id, a page before a given id, with the filters", async () => {
    const store = open();
    try {
      await store.migrate();
      // unique names: the PostgreSQL database is shared by the tests of this file
      const name = `Paged-${Math.random().toString(36).slice(2)}`;
      const ids = ["a", "b", "c", "d", "e"].map((x) => `${name}-${x}`);
      for (const [i, id] of ids.entries()) await store.createHandler(record(id, { workflow_name: name, status: i % 2 ? "completed" : "running" }), null);
      const page = (query: { before?: string; limit?: number; status?: "completed" }) =>
        store.listHandlers({ workflow_name: name, ...query }).then((rs) => rs.map((r) => r.handler_id.slice(-1)));
      expect(await page({})).toEqual(["e", "d", "c", "b", "a"]);
      expect(await page({ limit: 2 })).toEqual(["e", "d"]);
      expect(await page({ limit: 2, before: ids[3] })).toEqual(["c", "b"]);
      expect(await page({ limit: 2, before: ids[1] })).toEqual(["a"]);
      expect(await page({ status: "completed", before: ids[3] })).toEqual(["b"]);
    } finally {
      await store.close();
    }
  });

  it("creates a handler with its first journal records in one write, and none when the id is taken", async () => {
    const store = open();
    try {
      await store.migrate();
      const id = `f-${Math.random().toString(36).slice(2)}`;
      const started: JournalRecord = { seq: 1, at: 5, type: "run.started", runId: "r", workflow: "W", resumed: false };
      const written: JournalRecord = { seq: 2, at: 6, type: "stream.written", streamSeq: 1, event: { type: "E", id: "e1", data: { n: 1 } } };
      const entry = { seq: 1, type: "E", data: { n: 1 } };
      expect(await store.createHandler(record(id), { v: 1 }, { records: [started, written], entries: [entry] })).toBe(true);
      expect(await store.journal(id)).toEqual([started, written]);
      expect(await store.entries(id, 0, 10)).toEqual([entry]);
      const other: JournalRecord = { seq: 3, at: 7, type: "run.cancelled" };
      expect(await store.createHandler(record(id), null, { records: [other], entries: [{ seq: 2, type: "E", data: {} }] })).toBe(false);
      expect(await store.journal(id)).toEqual([started, written]);
      expect(await store.lastSeq(id)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("keeps a run's journal in order with the entries written alongside, and deletes it with the handler", async () => {
    const store = open();
    try {
      await store.migrate();
      const id = `j-${Math.random().toString(36).slice(2)}`;
      await store.createHandler(record(id), null);
      const started: JournalRecord = { seq: 1, at: 5, type: "run.started", runId: "r", workflow: "W", resumed: false };
      const written: JournalRecord = { seq: 2, at: 6, type: "stream.written", streamSeq: 1, event: { type: "E", id: "e1", data: { n: 1 } } };
      const ended: JournalRecord = { seq: 3, at: 7, type: "run.ended", status: "completed" };
      await store.appendJournal(id, [started, written], [{ seq: 1, type: "E", data: { n: 1 } }]);
      await store.appendJournal(id, [ended], []);
      expect(await store.journal(id)).toEqual([started, written, ended]);
      expect(await store.entries(id, 0, 10)).toEqual([{ seq: 1, type: "E", data: { n: 1 } }]);
      // a record numbered twice is refused whole: neither it nor its entries are stored
      await expect(store.appendJournal(id, [{ ...ended, seq: 4 }, ended], [{ seq: 2, type: "E", data: {} }])).rejects.toThrow();
      expect((await store.journal(id)).map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(await store.lastSeq(id)).toBe(1);
      await store.deleteHandler(id);
      expect(await store.journal(id)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

it("SQLite brings a version-1 file up to the journal's version", async () => {
  const file = join(dir, "v1.db");
  const v1 = new Database(file);
  v1.exec(MIGRATIONS_TABLE);
  v1.exec(MIGRATIONS[0]);
  v1.prepare("INSERT INTO weft_migrations (version, applied_at) VALUES (1, 'then')").run();
  v1.close();
  const store = new SqliteStore(file);
  try {
    await store.migrate();
    await store.createHandler(record("old"), null);
    await store.appendJournal("old", [{ seq: 1, at: 0, type: "run.cancelled" }], []);
    expect(await store.journal("old")).toHaveLength(1);
  } finally {
    await store.close();
  }
});

it("SQLite keeps everything in its file across a reopen", async () => {
  const file = join(dir, "nested", "weft.db");
  const first = new SqliteStore(file);
  await first.migrate();
  await first.createHandler(record("kept"), { v: 1 });
  await first.appendEntry("kept", { seq: 1, type: "E", data: {} });
  await first.close();
  const second = new SqliteStore(file);
  await second.migrate();
  expect(await second.getHandler("kept")).toMatchObject({ handler_id: "kept" });
  expect(await second.lastSeq("kept")).toBe(1);
  await second.close();
});

it("a server on PostgreSQL runs to the end, and a second server carries on a waiting run", async () => {
  const first = createServer({ workflows: [threeSteps, askFlow], store: postgres!.url });
  let second: ReturnType<typeof createServer> | undefined;
  try {
    await first.ready;
    const done = await first.runs.start("ThreeSteps", new StartEvent({ topic: "pg" }), undefined);
    expect(await first.runs.waitForEnd(done.handler_id)).toMatchObject({ status: "completed", result: "PG!" });
    const asked = await first.runs.start("Ask", new AskStart({ question: "6*7?" }), "pg-ask");
    await expect.poll(async () => (await first.runs.handler(asked.handler_id)).status).toBe("waiting");
    await first.close();
    second = createServer({ workflows: [threeSteps, askFlow], store: postgres!.url });
    await second.ready;
    await second.runs.deliver("pg-ask", { type: "HumanResponseEvent", data: { response: "42" } }, undefined);
    expect(await second.runs.waitForEnd("pg-ask")).toMatchObject({ status: "completed", result: { correct: true } });
    const seen = [];
    for await (const e of second.runs.read("pg-ask", 0, 60_000, new AbortController().signal)) if (e) seen.push(e.type);
    expect(seen).toEqual(["InputRequiredEvent", "AskResult"]);
  } finally {
    await second?.close();
    await first.close().catch(() => undefined);
  }
});
