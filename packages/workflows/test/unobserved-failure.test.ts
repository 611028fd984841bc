import { afterEach, describe, expect, it } from "vitest";
import { StartEvent, StopEvent, Workflow } from "../src/index.js";

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

function failing(name: string) {
  return new Workflow({ name, timeout: null }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
    throw new Error("lost in a handler");
  });
}

/** Lets the run fail and its end's follow-up (a macrotask) run. */
const settle = () => new Promise((r) => setTimeout(r, 10));

describe("a failed run nobody awaits", () => {
  afterEach(() => {
    process.off("warning", onWarning);
    warnings.length = 0;
  });

  it("prints a process warning naming the run, the workflow and the error", async () => {
    process.on("warning", onWarning);
    const handler = failing("FireAndForget").run();
    await settle();
    const ours = warnings.filter((w) => (w as { code?: string }).code === "WEFT_UNOBSERVED_RUN_FAILURE");
    expect(ours).toHaveLength(1);
    expect(ours[0].message).toBe(`Run ${handler.runId} of workflow "FireAndForget" failed and nothing awaited it: Error: lost in a handler`);
  });

  it("stays quiet when the handler is awaited, caught or its stream read", async () => {
    process.on("warning", onWarning);
    await failing("Awaited").run().then(() => undefined, () => undefined);
    failing("Caught").run().catch(() => undefined);
    const streamed = failing("Streamed").run();
    await (async () => {
      for await (const _ of streamed.streamEvents());
    })().catch(() => undefined);
    await settle();
    expect(warnings.filter((w) => (w as { code?: string }).code === "WEFT_UNOBSERVED_RUN_FAILURE")).toEqual([]);
  });
});
