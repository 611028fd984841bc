import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { defineEvent, StartEvent, StopEvent, Workflow, WorkflowRuntimeError } from "../src/index.js";

const Go = defineEvent("FailGo", {});
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

describe("failures", () => {
  it("rejects the handler with the step's own error", async () => {
    const boom = new RangeError("boom");
    const wf = new Workflow({ name: "Throws" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
      throw boom;
    });
    await expect(wf.run()).rejects.toBe(boom);
  });

  it.each([
    ["throws undefined", () => {
      throw undefined;
    }, 'Step "s" threw undefined, not an error'],
    ["throws null", () => {
      throw null;
    }, 'Step "s" threw null, not an error'],
    ["rejects with undefined", () => Promise.reject(undefined), 'Step "s" threw undefined, not an error'],
  ])("a step that %s fails the run instead of counting as a success", async (_what, handler, message) => {
    const wf = new Workflow({ name: "ThrowsNothing", timeout: null }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, handler as () => never);
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowRuntimeError);
    expect((error as Error).message).toBe(message);
  });

  it("stops the other steps through ctx.signal", async () => {
    let siblingAborted = false;
    const wf = new Workflow({ name: "Siblings" })
      .step("start", { accepts: [StartEvent], returns: [Go] }, (_ev, ctx) => {
        ctx.sendEvent(new Go());
        ctx.sendEvent(new Go());
      })
      .step("work", { accepts: [Go], returns: [StopEvent] }, async (_ev, ctx) => {
        if (ctx.worker === 0) {
          await new Promise((r) => ctx.signal.addEventListener("abort", r));
          siblingAborted = true;
          return new StopEvent();
        }
        await new Promise((r) => setTimeout(r, 5));
        throw new Error("worker 1 failed");
      });
    await expect(wf.run()).rejects.toThrow("worker 1 failed");
    expect(siblingAborted).toBe(true);
  });

  it("ignores what other steps produce after the run failed", async () => {
    const produced: string[] = [];
    const wf = new Workflow({ name: "Late" })
      .step("start", { accepts: [StartEvent], returns: [Go] }, (_ev, ctx) => {
        ctx.sendEvent(new Go());
        ctx.sendEvent(new Go());
      })
      .step("work", { accepts: [Go], returns: [StopEvent] }, async (_ev, ctx) => {
        if (ctx.worker === 1) throw new Error("first");
        await new Promise((r) => setTimeout(r, 10));
        produced.push("late");
        return new StopEvent({ result: "too late" });
      });
    await expect(wf.run()).rejects.toThrow("first");
    await new Promise((r) => setTimeout(r, 20));
    expect(produced).toEqual(["late"]);
  });

  it("errors sendEvent after the run ended, naming it", async () => {
    const wf = new Workflow({ name: "Ended" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent());
    const handler = wf.run();
    await handler;
    expect(() => (handler as unknown as { run: { sendEvent(e: unknown, o: undefined, f: null): void } }).run.sendEvent(new Go(), undefined, null)).toThrow(
      WorkflowRuntimeError,
    );
  });

  it("leaves no unhandled rejection, no listener and no timer behind: the process exits on its own", async () => {
    const { stdout, stderr } = await promisify(execFile)(tsx, [fileURLToPath(new URL("./fixtures/failing-run.ts", import.meta.url))], { timeout: 20_000 });
    const report = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(report).toEqual({
      rejectedWith: "step exploded",
      streamThrew: "step exploded",
      unhandled: 0,
      listenersAdded: { unhandledRejection: 0, uncaughtException: 0, exit: 0, beforeExit: 0 },
    });
    expect(stderr).not.toMatch(/Unhandled/);
    // the run nobody awaits is the one warning
    expect(stderr.match(/Warning/g)).toHaveLength(1);
    expect(stderr).toMatch(/\[WEFT_UNOBSERVED_RUN_FAILURE\] Warning: Run \S+ of workflow "Failing" failed and nothing awaited it: Error: step exploded/);
    // If a timer were left behind, the 45 s run timeout would keep the child alive past the test timeout.
  });
});
