import pg from "pg";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEvent, defineStartEvent, StopEvent, Workflow } from "@weft/workflows";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { DBOSRuntime } from "../src/index.js";

let server: RunningPostgres;
let admin: pg.Client;
let runtime: DBOSRuntime | undefined;
beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
}, 60_000);
afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await runtime?.close().catch(() => undefined);
  server?.stop();
}, 30_000);

let reached: () => void = () => undefined;
let release: () => void = () => undefined;
const Start = defineStartEvent("CountStart", { n: z.number() });
const Counted = defineEvent("Counted", { n: z.number() });
/** Adds 1 three times; the second step waits for the test, so the test can hold the journal's next write. */
const countUp = new Workflow({ name: "CountUp", timeout: null })
  .step("one", { accepts: [Start], returns: [Counted] }, (ev) => new Counted({ n: ev.n + 1 }))
  .step("two", { accepts: [Counted], returns: [Counted, StopEvent] }, async (ev) => {
    if (ev.n === 1) {
      await new Promise<void>((resolve) => ((release = resolve), reached()));
      return new Counted({ n: 2 });
    }
    return new StopEvent({ result: ev.n + 1 });
  });

describe("a journal write that PostgreSQL cuts off", () => {
  it("is sent again once PostgreSQL takes it, and the run completes with its whole journal", async () => {
    runtime = await DBOSRuntime.launch({ databaseUrl: server.url, workflows: [countUp], worker: false, onError: () => undefined });
    const inStep = new Promise<void>((resolve) => (reached = resolve));
    const run = countUp.run({ n: 0 }, { runtime });
    await inStep;
    // the step's completion is the next write: hold it behind a lock, then terminate the connection that waits
    await admin.query("BEGIN");
    await admin.query("LOCK TABLE weft_dbos_journal IN ACCESS EXCLUSIVE MODE");
    release();
    const blocked = async () => {
      const probe = new pg.Client({ connectionString: server.url });
      await probe.connect();
      try {
        const { rows } = await probe.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO weft_dbos_journal%'");
        return rows.map((r) => r.pid);
      } finally {
        await probe.end();
      }
    };
    await expect.poll(blocked, { timeout: 10_000 }).toHaveLength(1);
    const [pid] = await blocked();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    // the write comes back to the lock on a new connection
    await expect.poll(async () => (await blocked()).filter((p) => p !== pid), { timeout: 10_000 }).toHaveLength(1);
    await admin.query("COMMIT");
    await expect(run).resolves.toBe(3);
    // the run's DBOS workflow ends once the run's end is stored
    expect(await runtime.result(run.runId)).toEqual({ status: "completed", result: 3 });
    const journal = await runtime.journal(run.runId);
    expect(journal.map((r) => r.seq)).toEqual(journal.map((_, i) => i + 1));
    expect(journal.at(-1)).toMatchObject({ type: "run.ended", status: "completed" });
    expect(journal.filter((r) => r.type === "step.completed")).toHaveLength(3);
  }, 60_000);
});
