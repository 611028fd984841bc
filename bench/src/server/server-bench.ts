import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Agent } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StartEvent } from "@weft/workflows";
import { createServer } from "@weft/server";
import { markdownTable } from "../report/table.js";
import { threeStepFlow, waitingFlow } from "./bench-flows.js";
import { closedLoop, keepAliveAgent, postJSON, type LoopResult } from "./http-load.js";
import { openConnections, type RawConnection } from "./raw-http.js";
import { sseReader, type Reader } from "./sse-readers.js";

const weftChild = fileURLToPath(new URL("./server/serve-child.js", import.meta.url));
const langGraphChild = fileURLToPath(new URL("./server/langgraph-child.js", import.meta.url));
const CLIENTS = 50;

interface ServerChild {
  url: string;
  child: ChildProcess;
}

/** Starts a server process and resolves with the URL it prints on a line of its own (its other output is drained). */
function startServer(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServerChild> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe", "ipc"], env });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^(http:\/\/\S+)$/m.exec(output)?.[1];
      if (url) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ url, child });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server process exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
}

/** The server process's CPU time so far (µs), asked over IPC (`cpu-probe.ts`). */
function serverCpu(server: ServerChild): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not report its CPU time")), 10_000);
    server.child.once("message", (message: { cpu: number }) => {
      clearTimeout(timer);
      resolve(message.cpu);
    });
    server.child.send("cpu");
  });
}

function stopServer(server: ServerChild): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill("SIGTERM");
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * A measured rate with the machine's 1-minute load average when it was taken (the machine is shared), and for a
 * server process its CPU time per run (µs).
 */
interface Measured extends LoopResult {
  load: number;
  cpuPerRun?: number;
  /** The load generator's own CPU per call (µs): it shares the 2 cores, so it must stay well under the server's. */
  clientCpuPerRun: number;
}

/**
 * A warm-up as long as the measurement (a fifth of it left the server's hot path half-optimised: its CPU per run came
 * out ~50% above a warm server's), then `runs` calls of `call` from `CLIENTS` concurrent keep-alive clients (`call`
 * gets its client's number).
 */
async function measureLoop(runs: number, call: (client: number) => Promise<void>, server?: ServerChild): Promise<Measured> {
  await closedLoop(CLIENTS, runs, call);
  const cpuBefore = server && (await serverCpu(server));
  const clientBefore = process.cpuUsage();
  const result = await closedLoop(CLIENTS, runs, call);
  const client = process.cpuUsage(clientBefore);
  const cpuPerRun = server && ((await serverCpu(server)) - cpuBefore!) / runs;
  return { ...result, load: loadavg()[0], cpuPerRun, clientCpuPerRun: (client.user + client.system) / runs };
}

/** The HTTP floor of the same server: `GET /health` (no run, no store), same clients. */
async function healthPerSecond(runs: number): Promise<Measured> {
  const server = await startServer(weftChild, ["memory"]);
  let connections: RawConnection[] = [];
  try {
    connections = await openConnections(server.url, CLIENTS);
    return await measureLoop(runs, async (client) => {
      const res = await connections[client].request("GET", "/health");
      if ((JSON.parse(res.body) as { status?: unknown }).status !== "healthy") throw new Error(`wrong answer: ${res.status} ${res.body}`);
    }, server);
  } finally {
    for (const c of connections) c.close();
    await stopServer(server);
  }
}

/** Runs/s of the 3-step workflow through Weft's `POST /run`, checked results. */
async function weftRunsPerSecond(store: string, runs: number): Promise<Measured> {
  const server = await startServer(weftChild, [store]);
  let connections: RawConnection[] = [];
  try {
    connections = await openConnections(server.url, CLIENTS);
    return await measureLoop(runs, async (client) => {
      const res = await connections[client].request("POST", "/workflows/ThreeSteps/run", '{"start_event":{"n":0}}');
      if ((JSON.parse(res.body) as { result?: unknown }).result !== 3) throw new Error(`wrong answer: ${res.status} ${res.body}`);
    }, server);
  } finally {
    for (const c of connections) c.close();
    await stopServer(server);
  }
}

/**
 * The same workload on LangGraph's JS Agent Server (`@langchain/langgraph-api`, in memory, as `langgraph dev` runs
 * it, 10 queue workers, log level warn): `POST /runs/wait` of a 3-node graph, checked results. Its `.langgraph_api`
 * files go to `dir`.
 */
async function langGraphRunsPerSecond(runs: number, dir: string): Promise<Measured> {
  const server = await startServer(langGraphChild, [dir], { ...process.env, LOG_LEVEL: "warn" });
  let connections: RawConnection[] = [];
  try {
    connections = await openConnections(server.url, CLIENTS);
    return await measureLoop(runs, async (client) => {
      const res = await connections[client].request("POST", "/runs/wait", '{"assistant_id":"three_steps","input":{"n":0}}');
      if ((JSON.parse(res.body) as { n?: unknown }).n !== 3) throw new Error(`wrong answer from LangGraph: ${res.status} ${res.body}`);
    }, server);
  } finally {
    for (const c of connections) c.close();
    await stopServer(server);
  }
}

async function inProcessRunsPerSecond(runs: number): Promise<Measured> {
  return measureLoop(runs, async () => {
    if ((await threeStepFlow.run({ n: 0 })) !== 3) throw new Error("wrong answer");
  });
}

/** One run of the Broadcast workflow with `readers` SSE readers connected before it writes `ticks` stamped entries. */
class Broadcast {
  private constructor(
    private readonly url: string,
    private readonly id: string,
    private readonly readers: Reader[],
  ) {}

  /** Starts the run and connects its readers; resolves once every reader has its first entry. */
  static async connect(url: string, agent: Agent, readers: number): Promise<Broadcast> {
    const { body } = await postJSON(agent, `${url}/workflows/Broadcast/run-nowait`, {});
    const id = (body as { handler_id: string }).handler_id;
    const all = Array.from({ length: readers }, () => sseReader(`${url}/events/${id}`));
    await Promise.all(all.map((r) => r.connected));
    return new Broadcast(url, id, all);
  }

  /** Lets the run write its entries; resolves with every delivery's latency (ms), sorted. */
  async run(agent: Agent, ticks: number): Promise<number[]> {
    await postJSON(agent, `${this.url}/events/${this.id}`, { event: { type: "HumanResponseEvent", data: { response: JSON.stringify({ ticks, gapMs: 20 }) } } });
    const latencies = (await Promise.all(this.readers.map((r) => r.done))).flat().sort((a, b) => a - b);
    if (latencies.length !== this.readers.length * ticks) throw new Error(`expected ${this.readers.length * ticks} deliveries, got ${latencies.length}`);
    return latencies;
  }
}

/**
 * `readers` SSE readers on one run writing `ticks` stamped entries: delivery latency p50 / p99 (ms). As the runs/s rows
 * do, the server is warmed first, by the same case on another run: measured cold, the first fan-out's JIT work made
 * up a fifth to a third of the server's CPU per delivery (45.5 µs cold, 31-37 warm, at load 2.5-3).
 */
async function sseLatency(readers: number, ticks: number): Promise<{ p50: number; p99: number; count: number; cpuPerDelivery: number }> {
  const server = await startServer(weftChild, ["memory"]);
  const agent = keepAliveAgent(2);
  try {
    await (await Broadcast.connect(server.url, agent, readers)).run(agent, ticks);
    const measured = await Broadcast.connect(server.url, agent, readers);
    const cpuBefore = await serverCpu(server);
    const latencies = await measured.run(agent, ticks);
    const cpuPerDelivery = ((await serverCpu(server)) - cpuBefore) / latencies.length;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, cpuPerDelivery };
  } finally {
    agent.destroy();
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
    const memoryStore = await weftRunsPerSecond("memory", runs);
    const sqlite = await weftRunsPerSecond(join(dir, "runs.db"), runs);
    const health = await healthPerSecond(runs);
    process.stderr.write("  server: LangGraph's Agent Server …\n");
    // LangGraph is far slower: fewer runs, so its row takes seconds, not minutes
    const langGraph = await langGraphRunsPerSecond(Math.ceil(runs / 10), dir).catch((error: unknown) => error as Error);
    process.stderr.write("  server: SSE readers …\n");
    const readers = quick ? 50 : 1000;
    const sse = await sseLatency(readers, quick ? 5 : 20);
    const sseLoad = loadavg()[0];
    const f = (n: number) => Math.round(n).toLocaleString("en-US");
    const cpu = (m: Measured) =>
      m.cpuPerRun === undefined ? "" : `, server CPU ${f(m.cpuPerRun)} µs/run = ${f(1e6 / m.cpuPerRun)} runs/s per core, load generator ${f(m.clientCpuPerRun)} µs/run`;
    const cell = (m: Measured) => `${f(m.rate)} (p50 ${m.p50.toFixed(1)} ms, load ${m.load.toFixed(1)}${cpu(m)})`;
    const langGraphCell =
      langGraph instanceof Error
        ? `did not run: ${langGraph.message.split("\n")[0]}`
        : `${cell(langGraph)}; Weft memory store ${(memoryStore.rate / langGraph.rate).toFixed(1)}× its rate`;
    const rows = [
      [`runs/s, 3-step workflow, ${CLIENTS} concurrent clients`, cell(inProcess), cell(memoryStore), cell(sqlite), langGraphCell, "≥ 5,000 (memory), ≥ 1,000 (SQLite)"],
      [`the HTTP floor: GET /health, same clients (requests/s)`, "—", cell(health), "", "", ""],
      [
        `SSE: ${readers} readers of one run, ${sse.count.toLocaleString("en-US")} deliveries, latency p50 / p99 (ms)`,
        "—",
        `${sse.p50.toFixed(1)} / ${sse.p99.toFixed(1)} (load ${sseLoad.toFixed(1)}, server CPU ${sse.cpuPerDelivery.toFixed(1)} µs/delivery = ${f((sse.cpuPerDelivery * readers) / 1000)} ms per entry to all)`,
        "",
        "",
        "p99 < 100 ms",
      ],
      [`heap per waiting run (${quick ? 500 : "10,000"} runs): in memory → after idle release (bytes)`, "", "", `${f(memory.live)} → ${f(memory.released)}`, "", ""],
    ];
    if (langGraph instanceof Error) process.stderr.write(`  LangGraph's server did not run:\n${langGraph.message}\n`);
    return markdownTable(["server", "in process", "POST /run, memory store", "POST /run, SQLite store", "LangGraph Agent Server (in memory)", "target"], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
