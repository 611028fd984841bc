import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../otlp-receiver/receiver-process.js";
import { startJokeFlow } from "./child-process.js";

const RESULTS = [{ result: "Solid pun, weak ending." }, { error: "no jokes today" }, { done: true }];

function exportWarnings(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.includes("could not export spans"));
}

// Two real processes per test, each compiling TypeScript through tsx as it starts: on a loaded 2-core machine that
// alone takes many seconds. The limit only has to catch a hang.
describe("end to end: the tracing backend failing under a running workflow", { timeout: 90_000 }, () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.kill();
    receiver = undefined;
  });

  it("the receiver dies mid-run: no result is lost, nothing is raised, one warning is logged", async () => {
    receiver = await startReceiver();
    const flow = startJokeFlow({ E2E_ENDPOINT: receiver.tracesUrl, E2E_PRESET: "jaeger", E2E_PAUSE: "1" });
    await flow.waitForLine("waiting");
    // The first step's spans were exported while the run was still going…
    const before = await receiver.waitForSpans((spans) => spans.some((span) => span.name === "step generateJoke"));
    expect(before.some((span) => span.name === "invoke_workflow JokeFlow")).toBe(false);
    // …then the backend crashes, and the run goes on.
    await receiver.kill();
    flow.process.stdin!.write("go\n");
    const run = await flow.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([{ waiting: true }, ...RESULTS]);
    expect(exportWarnings(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1); // no stack trace, no unhandled rejection
  });

  it("a receiver that never answers: the run completes while export hangs, and shutdown gives up cleanly", async () => {
    receiver = await startReceiver({ hang: true });
    const flow = startJokeFlow({ E2E_ENDPOINT: receiver.tracesUrl, E2E_PRESET: "jaeger", E2E_PAUSE: "1" });
    await flow.waitForLine("waiting");
    // An export request is stuck in the backend while the workflow is still running.
    for (let i = 0; (await receiver.requests()).pending === 0; i++) {
      if (i > 200) throw new Error("no export request reached the hanging receiver");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    flow.process.stdin!.write("go\n");
    const run = await flow.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([{ waiting: true }, ...RESULTS]);
    expect(exportWarnings(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/timed out/i);
    expect(await receiver.spans()).toEqual([]);
  });
});
