import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DBOSRuntime } from "@weft/dbos";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import * as flows from "./fixtures/restart-flows.js";
import { killHard, startWeftWorker, type WeftWorker } from "./support/weft-process.js";

const cli = fileURLToPath(new URL("../src/cli/weft.ts", import.meta.url));
const module = fileURLToPath(new URL("./fixtures/restart-flows.ts", import.meta.url));
let pg: RunningPostgres;
let dir: string;
let worker: WeftWorker | undefined;
let client: DBOSRuntime | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "weft-worker-"));
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  if (worker) await killHard(worker);
  await client?.close();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("weft worker", () => {
  it("takes runs of the module's workflows from their DBOS queues", async () => {
    worker = await startWeftWorker([module, "--store", pg.url, "--concurrency", "4"], { WEFT_TEST_DIR: dir });
    expect(worker.output()).toMatch(/running (FourSteps|AskOnce|Ticker)(, (FourSteps|AskOnce|Ticker)){2}$/m);
    client = await DBOSRuntime.launch({ databaseUrl: pg.url, workflows: Object.values(flows), worker: false, pollMs: 100 });
    const id = await client.start("Ticker");
    expect(await client.result(id)).toEqual({ status: "completed", result: 40 });
  }, 90_000);

  it("refuses a store that is not PostgreSQL, naming the flag", () => {
    const out = spawnSync(process.execPath, ["--import", "tsx", cli, "worker", module, "--store", "runs.db"], { encoding: "utf8", timeout: 60_000 });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/--store must be a postgres:\/\/ URL/);
  }, 60_000);
});
