import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatReply as reply, OpenAIWireServer } from "../../llm/test/server/openai-wire-server.js";
import { WeftClient } from "../src/client/index.js";
import { pollEnded } from "./support/poll-ended.js";
import { killHard, startWeft, type WeftProcess } from "./support/weft-process.js";

// A `weft serve` killed with SIGKILL between a step's two LLM calls: after a restart on the same store the step runs
// again, its first call is answered from the journal, and the provider sees each request exactly once.

const flows = fileURLToPath(new URL("./fixtures/durable-llm-flows.ts", import.meta.url));
let dir: string;
let wire: OpenAIWireServer;
const procs: WeftProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "weft-durable-llm-"));
  wire = await OpenAIWireServer.start();
});
afterAll(async () => {
  for (const p of procs) await killHard(p);
  await wire?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(port: number): Promise<WeftProcess> {
  const proc = await startWeft([flows, "--port", String(port), "--store", join(dir, "weft.db")], { WEFT_TEST_DIR: dir, WEFT_TEST_LLM_URL: wire.baseURL });
  procs.push(proc);
  return proc;
}

/** The durable calls the store holds for a run (read beside the live server: SQLite in WAL mode allows it). */
function storedDurableCalls(handlerId: string): number {
  const db = new Database(join(dir, "weft.db"), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT record FROM weft_journal WHERE handler_id = ?").all(handlerId) as { record: string }[];
    return rows.filter((r) => (JSON.parse(r.record) as { type: string }).type === "durable.completed").length;
  } finally {
    db.close();
  }
}

const stepRuns = () => (existsSync(join(dir, "steps.log")) ? readFileSync(join(dir, "steps.log"), "utf8").trim().split("\n") : []);

describe("a server killed between a step's two LLM calls", () => {
  it("completes the run after a restart, and the provider saw each request once", async () => {
    wire.chat(reply("a pirate joke"));
    const first = await serve(0);
    const port = Number(new URL(first.url).port);
    const client = new WeftClient({ baseUrl: first.url, reconnectFor: 30_000 });
    const { handler_id } = await client.runNowait("TwoLLMCalls");
    await expect.poll(() => storedDurableCalls(handler_id), { timeout: 10_000 }).toBe(1);
    expect(wire.requests).toHaveLength(1);

    await killHard(first);
    wire.chat(reply("7/10"));
    await serve(port);
    writeFileSync(join(dir, "go"), "");

    const record = await pollEnded(client, handler_id, 400);
    expect(record).toMatchObject({ status: "completed", result: ["a pirate joke", "7/10"] });
    // the step was in flight, so it ran again; its first call did not reach the provider again
    expect(stepRuns()).toEqual(["ask", "ask"]);
    const prompts = wire.requests.map((r) => (r.body.messages as { content: string }[])[0]!.content);
    expect(prompts).toEqual(["Tell me a joke", "Rate this joke: a pirate joke"]);
    expect(wire.pending).toBe(0);
  }, 60_000);
});
