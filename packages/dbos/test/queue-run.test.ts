import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DBOS } from "@dbos-inc/dbos-sdk";
import { fiveSteps } from "./fixtures/flows.js";
import { openScene, type Scene } from "./support/scene.js";

let scene: Scene;
beforeAll(async () => {
  scene = await openScene();
  await scene.worker();
}, 60_000);
afterAll(() => scene?.close(), 30_000);

describe("runs on the queue, executed by a worker process", () => {
  it("runs a five-step run to its result, each step once, its journal in PostgreSQL", async () => {
    const id = await scene.client.start("FiveSteps", { id: "r1", stepMs: 5 });
    expect(await scene.client.result(id)).toEqual({ status: "completed", result: "r1=15" });
    expect(scene.lines("steps.log").filter((l) => l.startsWith("r1:"))).toEqual(["r1:1", "r1:2", "r1:3", "r1:4", "r1:5"]);
    const journal = await scene.client.journal(id);
    expect(journal[0]).toMatchObject({ type: "run.started", workflow: "FiveSteps" });
    expect(journal.at(-1)).toMatchObject({ type: "run.ended", status: "completed" });
    expect(await scene.client.status(id)).toBe("completed");
  });

  it("delivers a human's answer through the durable mailbox, and refuses a bad one naming the field", async () => {
    const id = await scene.client.start("AskOnce", {}, { handlerId: "ask-1" });
    expect(id).toBe("ask-1");
    await expect.poll(async () => (await scene.client.journal(id)).some((r) => r.type === "stream.written"), { timeout: 15_000 }).toBe(true);
    await expect(scene.client.sendEvent(id, { type: "HumanResponseEvent", data: { response: 5 } })).rejects.toThrow(/response/);
    await expect(scene.client.sendEvent(id, { type: "NoSuchEvent", data: {} })).rejects.toThrow(/NoSuchEvent/);
    await scene.client.sendEvent(id, { type: "HumanResponseEvent", data: { response: "Ada" } });
    expect(await scene.client.result(id)).toEqual({ status: "completed", result: "hello Ada" });
    await expect(scene.client.sendEvent(id, { type: "HumanResponseEvent", data: { response: "again" } })).rejects.toThrow(/has ended/);
  });

  it("is the runtime of workflow.run(): the run executes in this process, owned by a DBOS workflow, journaled", async () => {
    const result = await fiveSteps.run({ id: "here", stepMs: 1 }, { runtime: scene.client });
    expect(result).toBe("here=15");
    const runs = await DBOS.listWorkflows({ workflowName: "weft:FiveSteps", executorId: scene.client.executorId });
    expect(runs).toHaveLength(1);
    await expect.poll(async () => (await scene.client.status(runs[0].workflowID)) ?? "none").toBe("completed");
    const journal = await scene.client.journal(runs[0].workflowID);
    expect(journal.filter((r) => r.type === "step.completed")).toHaveLength(5);
    expect(journal.at(-1)).toMatchObject({ type: "run.ended", status: "completed" });
  });

  it("cancels a run through the mailbox, on the worker that holds it", async () => {
    const id = await scene.client.start("AskOnce");
    await expect.poll(async () => (await scene.client.journal(id)).some((r) => r.type === "stream.written"), { timeout: 15_000 }).toBe(true);
    await scene.client.cancel(id, "no longer needed");
    expect(await scene.client.result(id)).toMatchObject({ status: "cancelled" });
    expect(await scene.client.status(id)).toBe("cancelled");
    await expect(scene.client.cancel("no-such-run")).rejects.toThrow(/no run "no-such-run"/);
  });

  it("refuses an unknown workflow and a start event with a bad field before anything is queued", async () => {
    await expect(scene.client.start("Nope")).rejects.toThrow(/"Nope" was not given/);
    await expect(scene.client.start("FiveSteps", { id: 7 })).rejects.toThrow(/id/);
  });
});
