import { spawn, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { DBOS } from "@dbos-inc/dbos-sdk";
import { DBOSRuntime } from "@weft/dbos";
import { startPostgres } from "@weft/test-support/postgres";
import { benchFlow } from "./bench-flow.js";

const STEPS = 5;
const worker = fileURLToPath(new URL("./dbos-worker.ts", import.meta.url));

/** The same five steps written directly on DBOS: one workflow, one checkpointed `DBOS.runStep` per step. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rawFlow = DBOS.registerWorkflow(
  async (stepMs: number) => {
    let n = 0;
    for (let i = 0; i < STEPS; i++) {
      n = await DBOS.runStep(async () => {
        if (stepMs > 0) await sleep(stepMs);
        return n + 1;
      }, { name: `step${i}` });
    }
    return n;
  },
  { name: "rawBench" },
);

function startWorker(url: string, concurrency: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", worker], { env: { ...process.env, WEFT_DB_URL: url, WEFT_CONCURRENCY: String(concurrency) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/^weft worker ready: /m.test(output)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`bench worker exited (${code}):\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

async function waitAll(ids: string[]): Promise<void> {
  for (;;) {
    const done = await DBOS.listWorkflows({ workflowIDs: ids, status: "SUCCESS", loadInput: false, loadOutput: false });
    if (done.length === ids.length) return;
    await sleep(20);
  }
}

/** `count` runs at a time, `total` in all; ms per run. */
async function closedLoop(total: number, concurrency: number, one: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await one();
    }),
  );
  return (performance.now() - t0) / total;
}

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;

/** The DBOS table: worker throughput, and per-step cost in process next to the in-process runtime and raw DBOS. */
export async function dbosBench(quick: boolean): Promise<string> {
  const pg = await startPostgres();
  const children: ChildProcess[] = [];
  let client: DBOSRuntime | undefined;
  try {
    client = await DBOSRuntime.launch({ databaseUrl: pg.url, workflows: [benchFlow], worker: false, pollMs: 50, logLevel: "error" });
    const lines = [
      `### @weft/dbos (PostgreSQL ${pg.bin.source}; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start)`,
      "",
      row(["measure", "figure"]),
      row(["---", "---"]),
    ];

    // throughput: N runs of 5 steps awaiting 20 ms, on 1, 2 and 4 worker processes of 20 runs at once each
    const runs = quick ? 40 : 400;
    for (const workers of quick ? [1, 2] : [1, 2, 4]) {
      const started = await Promise.all(Array.from({ length: workers }, () => startWorker(pg.url, 20)));
      children.push(...started);
      const t0 = performance.now();
      const ids = await Promise.all(Array.from({ length: runs }, () => client!.start("DurableBench", { stepMs: 20 })));
      await waitAll(ids);
      const s = (performance.now() - t0) / 1000;
      lines.push(row([`${workers} worker${workers > 1 ? "s" : ""}, ${runs} runs × 5 steps awaiting 20 ms`, `${(runs / s).toFixed(0)} runs/s, ${((runs * STEPS) / s).toFixed(0)} steps/s`]));
      await Promise.all(started.map(stop));
    }

    // in this process, one run after another (trivial steps) and 20 at a time (steps awaiting 20 ms)
    const sequential = quick ? 20 : 200;
    const concurrent = quick ? 40 : 400;
    const inProcess = async (stepMs: number) => benchFlow.run({ stepMs });
    // until the run is durable end to end: its journal stored and its DBOS workflow's output recorded
    const onDbos = async (stepMs: number) => {
      const handler = benchFlow.run({ stepMs }, { runtime: client });
      await handler;
      return client!.result(handler.runId);
    };
    const raw = async (stepMs: number) => (await DBOS.startWorkflow(rawFlow)(stepMs)).getResult();
    for (const f of [inProcess, onDbos, raw]) await closedLoop(quick ? 5 : 20, 1, () => f(0)); // warm-up
    const perStep = async (f: (ms: number) => Promise<unknown>) => (await closedLoop(sequential, 1, () => f(0))) / STEPS;
    const [tIn, tWeft, tRaw] = [await perStep(inProcess), await perStep(onDbos), await perStep(raw)];
    lines.push(row(["per step, in-process runtime (no journal), trivial steps, one run at a time", `${(tIn * 1000).toFixed(1)} µs`]));
    lines.push(row(["per step, Weft on DBOS (`run(…, { runtime })`), same", `${tWeft.toFixed(2)} ms (durability: +${(tWeft - tIn).toFixed(2)} ms per step)`]));
    lines.push(row(["per step, the same steps written directly on DBOS (`DBOS.runStep`)", `${tRaw.toFixed(2)} ms`]));
    lines.push(row(["Weft on DBOS ÷ raw DBOS, one run at a time (target ≤ 1.3)", `${(tWeft / tRaw).toFixed(2)}×`]));
    const [cIn, cWeft, cRaw] = [
      await closedLoop(concurrent, 20, () => inProcess(20)),
      await closedLoop(concurrent, 20, () => onDbos(20)),
      await closedLoop(concurrent, 20, () => raw(20)),
    ];
    lines.push(row(["per run, 20 at a time, steps awaiting 20 ms: in-process / Weft on DBOS / raw DBOS", `${cIn.toFixed(1)} / ${cWeft.toFixed(1)} / ${cRaw.toFixed(1)} ms`]));
    lines.push(row(["Weft on DBOS ÷ raw DBOS, 20 at a time (target ≤ 1.3)", `${(cWeft / cRaw).toFixed(2)}×`]));
    lines.push("", `load average at the end: ${loadavg()[0].toFixed(1)}`);
    return lines.join("\n");
  } finally {
    await Promise.all(children.map(stop));
    await client?.close().catch(() => undefined);
    pg.stop();
  }
}
