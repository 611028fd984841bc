import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { DBOSRuntime } from "../../src/index.js";
import { askOnce, fiveSteps } from "../fixtures/flows.js";
import { workerBundle } from "./worker-bundle.js";
import { killHard, startWorker, type WorkerProcess } from "./worker-process.js";

/** A line of a count file: what ran (`<run>:<step>`, or `ask`), in which process, when, and its unique mark. */
export interface CountEntry {
  call: string;
  pid: number;
  at: number;
  /** Unique per execution: the LLM answer it got, or the mark its step completion left in the run's store. */
  token: string;
}

/** A test's world: PostgreSQL, a temp folder, a client runtime in the test process, and worker processes. */
export interface Scene {
  pg: RunningPostgres;
  dir: string;
  client: DBOSRuntime;
  workers: WorkerProcess[];
  /** Starts a worker and resolves once it takes runs. */
  worker(executorId?: string): Promise<WorkerProcess>;
  /** Starts a worker without waiting for it. */
  spawn(executorId?: string): WorkerProcess;
  /** The worker whose executor holds a run now. */
  holder(handlerId: string): Promise<WorkerProcess | undefined>;
  /** What a count file (`steps.log`, `llm.log`) says ran, line by line. */
  lines(file: string): string[];
  entries(file: string): CountEntry[];
  /** Kills every worker, closes the client, stops PostgreSQL and deletes the folder. */
  close(): Promise<void>;
}

/** `deadAfterMs`/`heartbeatMs`: the workers' (default 3000/500, quick for tests); `concurrency`: runs per worker. */
export async function openScene(options: { deadAfterMs?: number; heartbeatMs?: number; concurrency?: number } = {}): Promise<Scene> {
  const pg = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), "weft-dbos-"));
  const workerFile = join(dir, "worker.mjs");
  const workers: WorkerProcess[] = [];
  let client: DBOSRuntime | undefined;
  const close = async () => {
    try {
      await Promise.all(workers.map(killHard));
      // a test that failed may leave a result() polling: shutting DBOS down then waits on it, not past 10 s
      await Promise.race([client?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
    } finally {
      pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    process.env.WEFT_TEST_DIR = dir;
    writeFileSync(workerFile, await workerBundle());
    client = await DBOSRuntime.launch({ databaseUrl: pg.url, workflows: [fiveSteps, askOnce], worker: false, heartbeatMs: 500, deadAfterMs: options.deadAfterMs ?? 3000, pollMs: 100 });
  } catch (error) {
    await close();
    throw error;
  }
  const env = {
    WEFT_DB_URL: pg.url,
    WEFT_TEST_DIR: dir,
    WEFT_DEAD_AFTER_MS: String(options.deadAfterMs ?? 3000),
    WEFT_HEARTBEAT_MS: String(options.heartbeatMs ?? 500),
    ...(options.concurrency === undefined ? {} : { WEFT_CONCURRENCY: String(options.concurrency) }),
  };
  function spawn(executorId = `worker-${workers.length}`): WorkerProcess {
    const w = startWorker(workerFile, executorId, env);
    workers.push(w);
    return w;
  }
  function entries(file: string): CountEntry[] {
    const path = join(dir, file);
    if (!existsSync(path)) return [];
    return readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as CountEntry);
  }
  return {
    pg,
    dir,
    client,
    workers,
    spawn,
    async worker(executorId) {
      const w = spawn(executorId);
      await w.ready;
      return w;
    },
    async holder(handlerId) {
      const { DBOS } = await import("@dbos-inc/dbos-sdk");
      const status = await DBOS.getWorkflowStatus(handlerId);
      return status?.status === "PENDING" ? workers.find((w) => w.executorId === status.executorId) : undefined;
    },
    lines: (file) => entries(file).map((e) => e.call),
    entries,
    close,
  };
}
