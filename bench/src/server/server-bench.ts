import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StartEvent } from "@weft/workflows";
import { createServer } from "@weft/server";
import { markdownTable } from "../report/table.js";
import { threeStepFlow, waitingFlow } from "./bench-flows.js";
import { closedLoop, keepAliveAgent, postJSON } from "./http-load.js";
import { sseReader } from "./sse-readers.js";

const childScript = fileURLToPath(new URL("./server/serve-child.js", import.meta.url));
const CLIENTS = 50;

interface ServerChild {
  url: string;
  child: ChildProcess;
}

function startServer(store: string): Promise<ServerChild> {
  const child = spawn(process.execPath, [childScript, store], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve({ url: chunk.toString().trim(), child }));
    child.once("exit", (code) => reject(new Error(`server child exited (${code})`)));
  });
}

function stopServer(server: ServerChild): Promise<void> {
  return new Promise((resolve) => {
    server.child.once("exit", () => resolve());
    server.child.kill("SIGTERM");
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs/s of the 3-step workflow through `POST /run`, `CLIENTS` concurrent keep-alive clients, checked results. */
async function serverRunsPerSecond(store: string, runs: number): Promise<number> {
  const server = await startServer(store);
  try {
    const agent = keepAliveAgent(CLIENTS);
    const call = async () => {
      const res = await postJSON(agent, `${server.url}/workflows/ThreeSteps/run`, { start_event: { n: 0 } });
      if ((res.body as { result?: unknown }).result !== 3) throw new Error(`wrong answer: ${JSON.stringify(res.body)}`);
    };
    await closedLoop(CLIENTS, Math.ceil(runs / 5), call); // warm-up
    const rate = await closedLoop(CLIENTS, runs, call);
    agent.destroy();
    return rate;
  } finally {
    await stopServer(server);
  }
}

async function inProcessRunsPerSecond(runs: number): Promise<number> {
  const call = async () => {
    if ((await threeStepFlow.run({ n: 0 })) !== 3) throw new Error("wrong answer");
  };
  await closedLoop(CLIENTS, Math.ceil(runs / 5), call);
  return closedLoop(CLIENTS, runs, call);
}

/** `readers` SSE readers on one run writing `ticks` stamped entries: delivery latency p50 / p99 (ms). */
async function sseLatency(readers: number, ticks: number): Promise<{ p50: number; p99: number; count: number }> {
  const server = await startServer("memory");
  try {
    const agent = keepAliveAgent(readers + 10);
    const { body } = await postJSON(agent, `${server.url}/workflows/Broadcast/run-nowait`, {});
    const id = (body as { handler_id: string }).handler_id;
    const all = Array.from({ length: readers }, () => sseReader(agent, `${server.url}/events/${id}`));
    await Promise.all(all.map((r) => r.connected));
    await postJSON(agent, `${server.url}/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: JSON.stringify({ ticks, gapMs: 20 }) } } });
    const latencies = (await Promise.all(all.map((r) => r.done))).flat().sort((a, b) => a - b);
    if (latencies.length !== readers * ticks) throw new Error(`expected ${readers * ticks} deliveries, got ${latencies.length}`);
    agent.destroy();
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
  } finally {
    await stopServer(server);
  }
}

/** Heap per waiting run while in memory, and after idle release (SQLite store), with `--expose-gc`. */
async function waitingRunMemory(runs: number, dir: string): Promise<{ live: number; released: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  let now = Date.now();
  const server = createServer({ workflows: [waitingFlow], store: join(dir, "waiting.db"), idleTimeout: 60, clock: () => now });
  await server.ready;
  gc();
  const base = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let i = 0; i < runs; i++) ids.push((await server.runs.start("Waiting", new StartEvent({}), undefined)).handler_id);
  for (const id of ids) while ((await server.runs.handler(id)).status !== "waiting") await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const live = (process.memoryUsage().heapUsed - base) / runs;
  now += 61_000;
  const released = await server.runs.releaseIdle();
  if (released !== runs || server.runs.liveCount !== 0) throw new Error(`released ${released} of ${runs}`);
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const after = (process.memoryUsage().heapUsed - base) / runs;
  await server.close();
  return { live, released: after };
}

/** The server's table: runs/s in process and through HTTP (memory and SQLite stores), SSE fan-out, waiting runs. */
export async function serverBench(quick: boolean): Promise<string> {
  const runs = quick ? 500 : 5_000;
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-server-"));
  try {
    process.stderr.write("  server: waiting-run memory …\n");
    const memory = await waitingRunMemory(quick ? 500 : 10_000, dir);
    process.stderr.write("  server: runs/s …\n");
    const inProcess = await inProcessRunsPerSecond(runs);
    const memoryStore = await serverRunsPerSecond("memory", runs);
    const sqlite = await serverRunsPerSecond(join(dir, "runs.db"), runs);
    process.stderr.write("  server: SSE readers …\n");
    const readers = quick ? 50 : 1000;
    const sse = await sseLatency(readers, quick ? 5 : 20);
    const f = (n: number) => Math.round(n).toLocaleString("en-US");
    const rows = [
      [`runs/s, 3-step workflow, ${CLIENTS} concurrent clients`, f(inProcess), f(memoryStore), f(sqlite), "≥ 5,000 (memory), ≥ 1,000 (SQLite)"],
      [`SSE: ${readers} readers of one run, ${sse.count.toLocaleString("en-US")} deliveries, latency p50 / p99 (ms)`, "—", `${sse.p50.toFixed(1)} / ${sse.p99.toFixed(1)}`, "", "p99 < 100 ms"],
      [`heap per waiting run (${quick ? 500 : "10,000"} runs): in memory → after idle release (bytes)`, "", "", `${f(memory.live)} → ${f(memory.released)}`, ""],
    ];
    return markdownTable(["server", "in process", "POST /run, memory store", "POST /run, SQLite store", "target"], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
