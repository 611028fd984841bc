import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killHard } from "./support/worker-process.js";
import { openScene, type Scene } from "./support/scene.js";

let scene: Scene | undefined;
afterEach(async () => {
  await scene?.close();
  scene = undefined;
}, 30_000);

const hold = (s: Scene, step: number) => writeFileSync(join(s.dir, `hold-${step}`), "");
const release = (s: Scene, step: number) => rmSync(join(s.dir, `hold-${step}`), { force: true });
const count = (lines: string[], line: string) => lines.filter((l) => l === line).length;

describe("a worker killed with SIGKILL", () => {
  it("mid-run: another worker finishes the run, and the steps it completed do not run again, nor their LLM calls", async () => {
    const s = (scene = await openScene());
    await Promise.all([s.worker(), s.worker()]);
    hold(s, 3);
    const id = await s.client.start("FiveSteps", { id: "k1", stepMs: 5 });
    await expect.poll(() => s.lines("steps.log"), { timeout: 15_000 }).toEqual(["k1:1", "k1:2"]);
    // a step's completion counts once its record is stored: the moment between is the documented at-least-once window
    const completed = async () => (await s.client.journal(id)).filter((r) => r.type === "step.completed").length;
    await expect.poll(completed, { timeout: 15_000 }).toBe(2);
    const holder = await s.holder(id);
    expect(holder).toBeDefined();
    await killHard(holder!);
    release(s, 3);
    expect(await s.client.result(id)).toEqual({ status: "completed", result: "k1=15" });
    const steps = s.lines("steps.log");
    for (const n of [1, 2, 3, 4, 5]) expect(count(steps, `k1:${n}`), `step ${n}`).toBe(1);
    const llm = s.lines("llm.log");
    for (const n of [1, 2, 3, 4, 5]) expect(count(llm, `k1:${n}`), `LLM call of step ${n}`).toBe(1);
    const survivor = s.workers.find((w) => w !== holder)!;
    await expect((await import("@dbos-inc/dbos-sdk")).DBOS.getWorkflowStatus(id)).resolves.toMatchObject({ executorId: survivor.executorId });
  }, 60_000);

  it("after a step's LLM call: the step runs again and its LLM call is answered from the journal, not sent again", async () => {
    const s = (scene = await openScene());
    await Promise.all([s.worker(), s.worker()]);
    writeFileSync(join(s.dir, "hold-after-2"), "");
    const id = await s.client.start("FiveSteps", { id: "d1", stepMs: 5 });
    const recorded = async () => (await s.client.journal(id)).filter((r) => r.type === "durable.completed").length;
    await expect.poll(recorded, { timeout: 15_000 }).toBe(2);
    const holder = await s.holder(id);
    await killHard(holder!);
    rmSync(join(s.dir, "hold-after-2"));
    expect(await s.client.result(id)).toEqual({ status: "completed", result: "d1=15" });
    const llm = s.lines("llm.log");
    for (const n of [1, 2, 3, 4, 5]) expect(count(llm, `d1:${n}`), `LLM call of step ${n}`).toBe(1);
    const steps = s.lines("steps.log");
    for (const n of [1, 2, 3, 4, 5]) expect(count(steps, `d1:${n}`), `step ${n}`).toBe(1);
  }, 60_000);

  it("while its run waits for a human: the answer sent meanwhile waits in the mailbox and reaches the run on the other worker", async () => {
    const s = (scene = await openScene());
    await Promise.all([s.worker(), s.worker()]);
    const id = await s.client.start("AskOnce");
    await expect.poll(async () => (await s.client.journal(id)).some((r) => r.type === "stream.written"), { timeout: 15_000 }).toBe(true);
    const holder = await s.holder(id);
    await killHard(holder!);
    await s.client.sendEvent(id, { type: "HumanResponseEvent", data: { response: "Grace" } });
    expect(await s.client.result(id)).toEqual({ status: "completed", result: "hello Grace" });
    expect(s.lines("steps.log")).toEqual(["ask"]);
    const answers = (await s.client.journal(id)).filter((r) => r.type === "event.added" && r.event.type === "HumanResponseEvent");
    expect(answers).toHaveLength(1);
  }, 60_000);

  it("for good, with the default heartbeat: its runs finish on the others within 30 s", async () => {
    const s = (scene = await openScene({ deadAfterMs: 10_000, heartbeatMs: 2000 }));
    await Promise.all([s.worker(), s.worker()]);
    hold(s, 2);
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => s.client.start("FiveSteps", { id: `g${i}`, stepMs: 5 })));
    await expect.poll(() => s.lines("steps.log").length, { timeout: 15_000 }).toBe(6);
    const holders = await Promise.all(ids.map((id) => s.holder(id)));
    const victim = holders.find((h) => h !== undefined)!;
    const stranded = ids.filter((_, i) => holders[i] === victim);
    expect(stranded.length).toBeGreaterThan(0);
    await killHard(victim);
    const killedAt = Date.now();
    release(s, 2);
    const outcomes = await Promise.all(ids.map((id) => s.client.result(id)));
    const took = Date.now() - killedAt;
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => "completed"));
    expect(took).toBeLessThan(30_000);
    console.log(`${stranded.length} runs of the killed worker finished on the other ${(took / 1000).toFixed(1)} s after the kill`);
    for (let i = 0; i < 6; i++) expect(count(s.lines("steps.log"), `g${i}:1`), `g${i} step 1`).toBe(1);
  }, 90_000);
});
