import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { killHard, startWeft, startWeftWorker, type WeftProcess, type WeftWorker } from "./support/weft-process.js";

const module = fileURLToPath(new URL("./fixtures/restart-flows.ts", import.meta.url));
let postgres: RunningPostgres;
let dir: string;
const servers: WeftProcess[] = [];
let worker: WeftWorker | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "weft-serve-dbos-"));
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  try {
    await Promise.all([...servers, ...(worker ? [worker] : [])].map(killHard));
  } finally {
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

async function serve(): Promise<WeftProcess> {
  const server = await startWeft([module, "--store", postgres.url, "--runtime", "dbos", "--port", "0"], { WEFT_TEST_DIR: dir });
  servers.push(server);
  return server;
}

async function json(base: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, body === undefined ? undefined : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const calls = () => (existsSync(join(dir, "calls.log")) ? readFileSync(join(dir, "calls.log"), "utf8").trim().split("\n") : []);

it("a run whose `weft serve --runtime dbos` is SIGKILLed mid-run is finished by a `weft worker`, and a second server serves it", async () => {
  const first = await serve();
  const run = (await json(first.url, "/workflows/FourSteps/run-nowait", {})).body.handler_id as string;
  const ask = (await json(first.url, "/workflows/AskOnce/run-nowait", {})).body.handler_id as string;
  await expect.poll(calls, { timeout: 30_000 }).toContain("two");
  await expect.poll(async () => (await json(first.url, `/handlers/${ask}`)).body.status, { timeout: 30_000 }).toBe("waiting");
  await killHard(first);

  worker = await startWeftWorker([module, "--store", postgres.url], { WEFT_TEST_DIR: dir });
  writeFileSync(join(dir, "go"), "");
  // the worker takes the dead server's runs once its heartbeat is 10 s old, and finishes the one in step two
  await expect.poll(calls, { timeout: 60_000, interval: 200 }).toContain("four");

  const second = await serve();
  await expect.poll(async () => (await json(second.url, `/handlers/${run}`)).body.status, { timeout: 30_000 }).toBe("completed");
  const record = await json(second.url, `/handlers/${run}`);
  expect(record).toMatchObject({ status: 200, body: { handler_id: run, workflow_name: "FourSteps", result: "four steps done" } });
  // completed steps ran once; step two, in flight at the kill, ran again
  expect(calls().sort()).toEqual(["four", "one", "three", "two", "two"]);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT executor_id FROM dbos.workflow_status WHERE workflow_uuid = $1", [run]);
    expect(rows[0].executor_id).toBe(worker.executorId);
  } finally {
    await client.end();
  }
  const entries = await fetch(`${second.url}/events/${run}?sse=false`).then((r) => r.text());
  expect(entries.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ type: "StopEvent", seq: 1, data: { result: "four steps done" } }]);

  // the waiting run is held by the worker: the second server reads its context from the journal and answers it
  expect((await json(second.url, `/handlers/${ask}`)).body.status).toBe("waiting");
  const context = await json(second.url, `/handlers/${ask}/context`);
  expect(context.body.context).toMatchObject({ workflow: "AskOnce", run: { waiters: [] } });
  expect((await json(second.url, `/events/${ask}`, { event: { type: "HumanResponseEvent", data: { response: "Ann" } } })).status).toBe(202);
  // and a new run through it runs to the end, on whichever process takes it from the queue
  expect((await json(second.url, "/workflows/FourSteps/run", {})).body).toMatchObject({ status: "completed", result: "four steps done" });
  await expect.poll(async () => (await json(second.url, `/handlers/${ask}`)).body, { timeout: 15_000 }).toMatchObject({ status: "completed", result: "hello Ann" });
}, 150_000);
