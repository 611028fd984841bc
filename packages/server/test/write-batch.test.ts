import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { JournalRecord } from "@weft/workflows";
import { SqliteStore } from "../src/index.js";
import { WriteBatch } from "../src/store/write-batch.js";

const dir = mkdtempSync(join(tmpdir(), "weft-write-batch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A transaction over a list: its writes are kept when the body returns, dropped when it throws. */
function listTransaction(committed: string[], log: string[]) {
  return (body: () => void) => {
    const before = committed.length;
    log.push("begin");
    try {
      body();
      log.push("commit");
    } catch (error) {
      committed.length = before;
      log.push("rollback");
      throw error;
    }
  };
}

it("commits the writes of one event-loop turn in one transaction, in order, and settles each after the commit", async () => {
  const committed: string[] = [];
  const log: string[] = [];
  const batch = new WriteBatch(listTransaction(committed, log));
  const results = await Promise.all(["a", "b", "c"].map((w) => batch.add(() => (committed.push(w), w.toUpperCase()))));
  expect(results).toEqual(["A", "B", "C"]);
  expect(log).toEqual(["begin", "commit"]);
  expect(committed).toEqual(["a", "b", "c"]);
  await batch.add(() => committed.push("d"));
  expect(log).toEqual(["begin", "commit", "begin", "commit"]);
});

it("fails a bad write alone: the others of its turn are committed once", async () => {
  const committed: string[] = [];
  const log: string[] = [];
  const batch = new WriteBatch(listTransaction(committed, log));
  const settled = await Promise.allSettled([
    batch.add(() => committed.push("a")),
    batch.add(() => {
      committed.push("half");
      throw new Error("constraint failed");
    }),
    batch.add(() => committed.push("c")),
  ]);
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: "constraint failed" });
  expect(committed).toEqual(["a", "c"]);
});

it("SqliteStore: a journal write that breaks the sequence fails alone, the same turn's other runs are stored", async () => {
  const store = new SqliteStore(join(dir, "batch.db"));
  await store.migrate();
  try {
    const at = "2026-01-01T00:00:00.000Z";
    const rec = (id: string) => ({ handler_id: id, workflow_name: "W", status: "running" as const, started_at: at, updated_at: at, completed_at: null });
    const cancelled = (seq: number): JournalRecord => ({ seq, at: 0, type: "run.cancelled" });
    await Promise.all([store.createHandler(rec("x"), null, { records: [cancelled(1)], entries: [] }), store.createHandler(rec("y"), null)]);
    const settled = await Promise.allSettled([
      store.appendJournal("x", [cancelled(1)], []), // seq 1 again: refused
      store.appendJournal("y", [cancelled(1), cancelled(2)], [{ seq: 1, type: "E", data: {} }]),
      store.createHandler(rec("z"), { v: 1 }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect((await store.journal("x")).map((r) => r.seq)).toEqual([1]);
    expect((await store.journal("y")).map((r) => r.seq)).toEqual([1, 2]);
    expect(await store.lastSeq("y")).toBe(1);
    expect(await store.loadSnapshot("z")).toEqual({ v: 1 });
  } finally {
    await store.close();
  }
});

it("SqliteStore.close commits what is still queued", async () => {
  const file = join(dir, "close.db");
  const store = new SqliteStore(file);
  await store.migrate();
  const at = "2026-01-01T00:00:00.000Z";
  const pending = store.createHandler({ handler_id: "late", workflow_name: "W", status: "running", started_at: at, updated_at: at, completed_at: null }, null);
  await store.close();
  expect(await pending).toBe(true);
  const reopened = new SqliteStore(file);
  await reopened.migrate();
  expect(await reopened.getHandler("late")).toMatchObject({ handler_id: "late" });
  await reopened.close();
});
