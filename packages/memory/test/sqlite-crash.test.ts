import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { SQLiteMemoryStore } from "../src/sqlite.js";
import { CRASH_BATCH_SIZE, crashBatch } from "./support/crash-batch.js";
import { startWorker, type Worker } from "./support/start-worker.js";

const script = fileURLToPath(new URL("./support/sqlite-crash-worker.ts", import.meta.url));
const TRIALS = 4;
const SESSION = "crash";

const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-crash-"));
const workers: Worker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(path: string, mode: "write" | "read", trial: number): Worker {
  const worker = startWorker(script, { path, sessionId: SESSION, mode, trial });
  workers.push(worker);
  return worker;
}

/** Sends `signal` the moment another connection sees the worker holding the write lock, i.e. inside a write transaction. */
async function killInsideWrite(path: string, worker: Worker, signal: NodeJS.Signals): Promise<void> {
  const probe = new Database(path, { timeout: 0 });
  try {
    for (let tries = 0; ; tries++) {
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
        worker.child.kill(signal);
        break;
      }
      if (tries > 20_000) throw new Error(`the writer never held the lock: ${worker.stderr()}`);
      await sleep(1);
    }
  } finally {
    probe.close();
  }
  expect((await worker.exited).signal).toBe(signal);
}

/** Which batches of a trial the worker saw committed, and the one it was writing when it died. */
function acknowledged(stdout: string): { acked: Set<number>; inFlight?: number } {
  const acked = new Set([...stdout.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1])));
  const begun = [...stdout.matchAll(/^begin (\d+)$/gm)].map((m) => Number(m[1]));
  const last = begun.at(-1);
  return { acked, inFlight: last !== undefined && !acked.has(last) ? last : undefined };
}

/**
 * Right after a death: a store that will not wait at all for a lock writes and reads the file, every
 * acknowledged batch is there whole, the batch in flight is there whole or not at all, nothing twice,
 * the file passes SQLite's integrity check, and no dead reader blocks a full checkpoint.
 */
async function checkSurvivors(path: string, trials: Array<{ acked: Set<number>; inFlight?: number }>): Promise<void> {
  const store = new SQLiteMemoryStore({ path, busyTimeoutMs: 0 });
  await store.append("after", [{ role: "user", content: "the next call works at once" }]);
  const texts = (await store.list(SESSION)).map((m) => String(m.message.content).split(" ").slice(0, 3).join(" "));
  await store.close();

  const batches = new Map<string, string[]>();
  for (const text of texts) {
    const [trial, batch] = text.split(" ");
    const key = `${trial} ${batch}`;
    batches.set(key, [...(batches.get(key) ?? []), text]);
  }
  const expectedKeys: string[] = [];
  trials.forEach(({ acked, inFlight }, t) => {
    for (const k of acked) expectedKeys.push(`t${t} b${k}`);
    if (inFlight !== undefined && batches.has(`t${t} b${inFlight}`)) expectedKeys.push(`t${t} b${inFlight}`);
  });
  expect([...batches.keys()].sort()).toEqual(expectedKeys.sort());
  for (const [key, messages] of batches) {
    expect(messages).toEqual(Array.from({ length: CRASH_BATCH_SIZE }, (_, i) => `${key} m${i}`));
  }

  const db = new Database(path, { timeout: 0 });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("wal_checkpoint(TRUNCATE)")).toEqual([expect.objectContaining({ busy: 0 })]);
  } finally {
    db.close();
  }
}

describe("SQLiteMemoryStore when a process using it dies", () => {
  for (const signal of ["SIGKILL", "SIGTERM"] as const) {
    it(`${signal} inside a write transaction leaves no lock and loses nothing acknowledged (${TRIALS} trials)`, { timeout: 180_000 }, async () => {
      const path = join(dir, `write-${signal}.db`);
      const trials: Array<{ acked: Set<number>; inFlight?: number }> = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const worker = start(path, "write", trial);
        await worker.waitFor("ack 1\n");
        await killInsideWrite(path, worker, signal);
        const seen = acknowledged(worker.stdout());
        expect(seen.inFlight).toBeDefined();
        trials.push(seen);
        await checkSurvivors(path, trials);
      }
    });
  }

  it(`SIGKILL during a read leaves no lock and loses nothing (${TRIALS} trials)`, { timeout: 180_000 }, async () => {
    const path = join(dir, "read-SIGKILL.db");
    const seed = new SQLiteMemoryStore(path);
    for (let k = 0; k < 5; k++) await seed.append(SESSION, crashBatch(0, k));
    await seed.close();
    const trials = [{ acked: new Set([0, 1, 2, 3, 4]) }];
    for (let trial = 0; trial < TRIALS; trial++) {
      const worker = start(path, "read", trial);
      await worker.waitFor("read 1\n");
      // Reading is nearly all the worker does: a kill a few ms later lands inside a read.
      await sleep(Math.random() * 20);
      worker.child.kill("SIGKILL");
      expect((await worker.exited).signal).toBe("SIGKILL");
      await checkSurvivors(path, trials);
    }
  });
});
