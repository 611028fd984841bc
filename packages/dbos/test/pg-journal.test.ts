import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JournalRecord } from "@weft/workflows";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { postMessage, readMessages } from "../src/store/inbox.js";
import { loadJournal, PgJournal } from "../src/store/pg-journal.js";
import { createTables } from "../src/store/schema.js";
import { defaultWriteRetry, type WriteRetryOptions } from "../src/store/write-retry.js";
import { startTcpProxy } from "./support/tcp-proxy.js";

let server: RunningPostgres;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 2 });
  await createTables(pool);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

const event = (seq: number): JournalRecord => ({ type: "event.added", seq, at: seq, event: { type: "E", id: `e${seq}`, data: {} } });
const ended = (seq: number): JournalRecord => ({ type: "run.ended", seq, at: seq, status: "completed", result: { type: "StopEvent", id: "s", data: { result: 1 } } });

describe("PgJournal", () => {
  it("stores the records in order and deletes a consumed message in the same statement as the records it caused", async () => {
    await postMessage(pool, "j1", { kind: "cancel" });
    const [message] = await readMessages(pool, ["j1"], "0");
    const journal = new PgJournal(pool, "j1");
    journal.append(event(1));
    journal.append(event(2));
    journal.consume(message.id);
    journal.append(ended(3));
    await expect(journal.ended).resolves.toMatchObject({ seq: 3, status: "completed" });
    expect((await loadJournal(pool, "j1")).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await readMessages(pool, ["j1"], "0")).toEqual([]);
  });

  it("is settled only once every record appended is stored, and then says so without a promise", async () => {
    const journal = new PgJournal(pool, "j3");
    expect(journal.settled()).toBeUndefined();
    journal.append(event(1));
    const stored = journal.settled();
    expect(stored).toBeInstanceOf(Promise);
    await stored;
    expect((await loadJournal(pool, "j3")).map((r) => r.seq)).toEqual([1]);
    expect(journal.settled()).toBeUndefined();
  });

  it("fails, and records nothing more, when a record's place is taken (another worker holds the run)", async () => {
    const other = new PgJournal(pool, "j2");
    other.append(event(1));
    await other.flushed();
    const journal = new PgJournal(pool, "j2");
    journal.append(event(1));
    await expect(journal.ended).rejects.toThrow(/duplicate key/);
    journal.append(event(2));
    await journal.flushed();
    expect((await loadJournal(pool, "j2")).map((r) => r.seq)).toEqual([1]);
  });
});

/** Retry options that tell the test each time a write failed and waits to be sent again. */
function watchedRetry(onFailure: () => void, overrides: Partial<WriteRetryOptions> = {}): WriteRetryOptions {
  return { ...defaultWriteRetry, firstDelayMs: 5, maxDelayMs: 20, ...overrides, sleep: (ms) => (onFailure(), defaultWriteRetry.sleep(ms)) };
}

/** A pool that reaches PostgreSQL through a TCP proxy the test can cut. */
async function behindProxy() {
  const proxy = await startTcpProxy(Number(new URL(server.url).port));
  const url = new URL(server.url);
  url.port = String(proxy.port);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  pool.on("error", () => undefined);
  return { proxy, pool, close: async () => (await pool.end(), await proxy.close()) };
}

const seqs = async (id: string) => (await loadJournal(pool, id)).map((r) => r.seq);

describe("PgJournal when PostgreSQL fails for a moment", () => {
  it("sends a batch again when its connection is terminated mid-write (57P01), and the batches after it wait their turn", async () => {
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    const journalPool = new pg.Pool({ connectionString: server.url, max: 2 });
    journalPool.on("error", () => undefined);
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE weft_dbos_journal IN ACCESS EXCLUSIVE MODE");
      let failures = 0;
      const journal = new PgJournal(journalPool, "t1", undefined, watchedRetry(() => failures++));
      journal.append(event(1));
      const waiting = async () =>
        // asked outside the locker's transaction, which would keep seeing its first snapshot of pg_stat_activity
        (await pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO weft_dbos_journal%'")).rows;
      await expect.poll(waiting, { timeout: 10_000 }).toHaveLength(1);
      journal.append(event(2));
      const [{ pid }] = await waiting();
      await locker.query("SELECT pg_terminate_backend($1)", [pid]);
      await expect.poll(() => failures, { timeout: 10_000 }).toBeGreaterThan(0);
      await locker.query("COMMIT");
      journal.append(ended(3));
      await expect(journal.ended).resolves.toMatchObject({ seq: 3 });
      expect(await seqs("t1")).toEqual([1, 2, 3]);
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
      await journalPool.end();
    }
  });

  it("waits out a PostgreSQL it cannot reach (connections reset, then refused) and stores every batch in order", async () => {
    const { proxy, pool: journalPool, close } = await behindProxy();
    try {
      let failures = 0;
      const journal = new PgJournal(journalPool, "t2", undefined, watchedRetry(() => failures++));
      journal.append(event(1));
      await journal.flushed();
      await proxy.cut();
      journal.append(event(2));
      await new Promise((r) => setImmediate(r));
      journal.append(event(3));
      await expect.poll(() => failures, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      await proxy.restore();
      journal.append(ended(4));
      await expect(journal.ended).resolves.toMatchObject({ seq: 4 });
      expect(await seqs("t2")).toEqual([1, 2, 3, 4]);
    } finally {
      await close();
    }
  });

  it("gives up once the outage lasts past giveUpAfterMs, and the run fails naming the error and the attempts", async () => {
    const { proxy, pool: journalPool, close } = await behindProxy();
    try {
      await proxy.cut();
      // an injected clock: each pause moves it on, so the test waits for nothing
      let now = 0;
      const retry: WriteRetryOptions = { ...defaultWriteRetry, giveUpAfterMs: 1000, now: () => now, sleep: async (ms) => void (now += ms) };
      const journal = new PgJournal(journalPool, "t3", undefined, retry);
      journal.append(event(1));
      await expect(journal.ended).rejects.toThrow(/ECONNREFUSED.*after \d+ attempts over \d+ ms/);
      expect(await seqs("t3")).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("createTables", () => {
  it("with every table in place, changes nothing and waits for no migration lock; with one missing, creates it", async () => {
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    try {
      await locker.query("SELECT pg_advisory_lock(7461627)");
      // a worker starting while another migrates: with the tables there, it does not queue behind the lock
      await createTables(pool);
      await locker.query("SELECT pg_advisory_unlock(7461627)");
      await pool.query("DROP TABLE weft_dbos_traces");
      await createTables(pool);
      const { rows } = await pool.query("SELECT to_regclass('weft_dbos_traces') IS NOT NULL AS present");
      expect(rows[0].present).toBe(true);
    } finally {
      await locker.end();
    }
  });
});
