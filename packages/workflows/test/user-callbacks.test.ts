import { describe, expect, it } from "vitest";
import { HumanResponseEvent, StartEvent, StopEvent, Workflow, WorkflowRuntimeError } from "../src/index.js";

// A user callback that throws must fail its run with an error naming it, never escape as an unhandled rejection
// (vitest fails the file on one) nor stall the run until its timeout (these runs have none).

describe("user callbacks that throw", () => {
  it("a throwing retryOn fails the run once, naming the step's retryOn, with what it threw as the cause", async () => {
    let retryOnCalls = 0;
    const original = new Error("HTTP failure");
    const wf = new Workflow({ name: "BadRetryOn", timeout: null }).step(
      "call",
      {
        accepts: [StartEvent],
        returns: [StopEvent],
        retry: {
          maxAttempts: 3,
          retryOn: (e) => {
            retryOnCalls++;
            return (e as { response: { status: number } }).response.status === 429;
          },
        },
      },
      () => {
        throw original;
      },
    );
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowRuntimeError);
    expect((error as Error).message).toMatch(/^retry\.retryOn of step "call" threw: TypeError: Cannot read properties of undefined/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(retryOnCalls).toBe(1);
  });

  it("a throwing logger fails the run, naming the logger", async () => {
    const logger = {
      info: () => {
        throw new Error("log sink is down");
      },
      error: () => undefined,
    };
    const wf = new Workflow({ name: "BadLogger", timeout: null, logger }).step(
      "s",
      { accepts: [StartEvent], returns: [StopEvent] },
      () => new StopEvent({ result: 1 }),
    );
    await expect(wf.run()).rejects.toThrow('the logger of workflow "BadLogger" threw: Error: log sink is down');
  });

  it("a waiter's requirements whose getter throws fails the run instead of escaping from the step's completion", async () => {
    const requirements = {
      get response(): string {
        throw new Error("bad requirement");
      },
    };
    const wf = new Workflow({ name: "BadRequirements", timeout: null })
      .step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
        const answer = await ctx.waitForEvent(HumanResponseEvent, { requirements });
        return new StopEvent({ result: answer.response });
      });
    const handler = wf.run();
    await new Promise((r) => setTimeout(r, 0));
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "x" }));
    await expect(handler).rejects.toThrow("threw: Error: bad requirement");
  });
});
