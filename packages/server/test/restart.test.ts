import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeftClient, type StreamEntryJSON } from "../src/client/index.js";
import { pollEnded } from "./support/poll-ended.js";
import { killHard, startWeft, type WeftProcess } from "./support/weft-process.js";

const flows = fileURLToPath(new URL("./fixtures/restart-flows.ts", import.meta.url));
let dir: string;
const procs: WeftProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "weft-restart-"));
});
afterAll(async () => {
  for (const p of procs) await killHard(p);
  rmSync(dir, { recursive: true, force: true });
});

async function serve(port: number): Promise<WeftProcess> {
  const proc = await startWeft([flows, "--port", String(port), "--store", join(dir, "weft.db")], { WEFT_TEST_DIR: dir });
  procs.push(proc);
  return proc;
}

const calls = () => (existsSync(join(dir, "calls.log")) ? readFileSync(join(dir, "calls.log"), "utf8").trim().split("\n") : []);

describe("a server killed with SIGKILL and started again on the same store", () => {
  it("finishes the run in step 2 without re-running step 1, takes the waiting run's answer, and the stream misses and repeats nothing", async () => {
    const first = await serve(0);
    const port = Number(new URL(first.url).port);
    const client = new WeftClient({ baseUrl: first.url, reconnectFor: 30_000 });

    const four = await client.runNowait("FourSteps");
    const ask = await client.runNowait("AskOnce");
    const tick = await client.runNowait("Ticker");
    await expect.poll(calls, { timeout: 10_000 }).toEqual(["one", "two"]);
    await expect.poll(async () => (await client.handler(ask.handler_id)).status, { timeout: 10_000 }).toBe("waiting");
    // the module's events are the server's own classes (one copy of @weft/workflows): a bad field is a 400, not a 500
    await expect(client.sendEvent(ask.handler_id, { type: "HumanResponseEvent", data: { response: 5 } })).rejects.toMatchObject({ status: 400 });

    // the streaming client: reads until the server dies under it, then keeps reading across the restart
    const seen: StreamEntryJSON[] = [];
    const reading = (async () => {
      for await (const entry of client.streamEvents(tick.handler_id)) seen.push(entry);
    })();
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);

    await killHard(first);
    const killedAt = seen.length;
    const second = await serve(port);
    writeFileSync(join(dir, "go"), "");

    await client.sendEvent(ask.handler_id, { type: "HumanResponseEvent", data: { response: "Ada" } });
    await reading;

    const fourRecord = await pollEnded(client, four.handler_id);
    expect(fourRecord).toMatchObject({ status: "completed", result: "four steps done" });
    // step one ran once; step two was in flight at the kill, so it ran again (at least once); three and four once
    expect(calls()).toEqual(["one", "two", "two", "three", "four"]);

    expect(await pollEnded(client, ask.handler_id)).toMatchObject({ status: "completed", result: "hello Ada" });

    expect(killedAt).toBeLessThan(41);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const ticks = seen.filter((e) => e.type === "Tick").map((e) => e.data.n);
    expect(ticks).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(seen.at(-1)).toMatchObject({ type: "StopEvent", data: { result: 40 } });
    expect(await pollEnded(client, tick.handler_id)).toMatchObject({ status: "completed", result: 40 });
    await killHard(second);
  }, 60_000);
});
