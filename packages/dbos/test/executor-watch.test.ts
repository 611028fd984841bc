import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { createTables } from "../src/store/schema.js";
import { ExecutorWatch } from "../src/workers/executor-watch.js";

let server: RunningPostgres;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 3 });
  await createTables(pool);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  server?.stop();
});

const beatOf = async (id: string) => Number((await pool.query<{ beat_at: string }>("SELECT beat_at FROM weft_dbos_executors WHERE executor_id = $1", [id])).rows[0]?.beat_at ?? 0);

describe("ExecutorWatch", () => {
  it("keeps beating from start() while DBOS launches, and recovers dead workers only once told to watch", async () => {
    await pool.query("INSERT INTO weft_dbos_executors (executor_id, beat_at) VALUES ('ghost', 0)");
    const recovered: string[] = [];
    const watch = new ExecutorWatch(pool, "starting", { beatMs: 20, deadAfterMs: 1000, recover: async (id) => void recovered.push(id), onError: (e) => { throw e; } });
    try {
      await watch.start();
      const first = await beatOf("starting");
      // a launch that takes longer than a beat: the worker goes on saying it is alive meanwhile
      await expect.poll(() => beatOf("starting"), { timeout: 10_000 }).toBeGreaterThan(first);
      expect(recovered).toEqual([]);
      watch.watchOthers();
      await expect.poll(() => recovered, { timeout: 10_000 }).toEqual(["ghost"]);
      expect(await beatOf("ghost")).toBe(0);
      expect((await pool.query("SELECT 1 FROM weft_dbos_executors WHERE executor_id = 'ghost'")).rowCount).toBe(0);
    } finally {
      await watch.stop(false);
    }
  });
});
