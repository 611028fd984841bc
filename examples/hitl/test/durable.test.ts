import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startOtlpReceiver, type OtlpReceiver } from "@weft/example-support/testing";
import { expectTrace } from "@weft/otel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));

describe("durable human in the loop, across processes", () => {
  let receiver: OtlpReceiver;
  let dir: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dir = await mkdtemp(join(tmpdir(), "weft-hitl-"));
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** One invocation of `src/durable.ts` in its own Node process, exporting its spans to the test's receiver. */
  function durable(...args: string[]) {
    return run(process.execPath, ["--import", "tsx", "src/durable.ts", ...args], {
      cwd: exampleDir,
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "hitl-test",
      },
    });
  }

  it("pauses at the question, resumes in new processes, and keeps one trace", async () => {
    const file = join(dir, "state.json");

    const asked = await durable("ask", "--save", file);
    expect(asked.stdout).toContain("What is the answer to life, the universe and everything?");
    expect(asked.stdout).toContain(`Saved the paused run to ${file}`);
    const saved = JSON.parse(await readFile(file, "utf8"));
    expect(saved).toMatchObject({ workflow: "Quiz", state: { attempts: 0, answer: "42" }, run: { runId: expect.any(String) } });

    const wrong = await durable("answer", "--load", file, "41");
    expect(wrong.stdout).toContain(`Resuming run ${saved.run.runId}`);
    expect(wrong.stdout).toContain("Too low. 2 attempts left.");
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ state: { attempts: 1 }, run: { runId: saved.run.runId } });

    const right = await durable("answer", "--load", file, "42");
    expect(right.stdout).toContain("Correct! The answer is 42 (2 attempts).");
    expect(existsSync(file)).toBe(false);

    // Three processes, three run spans — one trace: each resumed run continues under the run it resumed.
    const spans = receiver.spans();
    const trace = expectTrace(spans)
      .toBeOneTrace()
      .toHaveSpanCount(3, "invoke_workflow Quiz")
      .toHaveStep("ask", { attempts: 1 })
      .toHaveStep("check", { attempts: 2 })
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.id", saved.run.runId)
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.waiting_for_input", true)
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.status", "completed")
      .toHaveNoErrors();
    const runs = trace.spans("invoke_workflow Quiz");
    expect(runs.filter((s) => s.attributes["weft.run.resumed"] === true)).toHaveLength(2);
    expect(new Set(runs.map((s) => s.attributes["weft.run.id"]))).toEqual(new Set([saved.run.runId]));
  });

  it("refuses to answer without a saved run", async () => {
    await expect(durable("answer", "--load", join(dir, "missing.json"), "42")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("does not exist"),
    });
  });
});
