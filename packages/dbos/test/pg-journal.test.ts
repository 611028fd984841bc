import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JournalRecord } from "@weft/workflows";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { postMessage, readMessages } from "../src/store/inbox.js";
import { loadJournal, PgJournal } from "../src/store/pg-journal.js";
import { createTables } from "../src/store/schema.js";

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
