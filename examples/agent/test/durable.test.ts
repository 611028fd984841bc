import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SpanStatusCode } from "@opentelemetry/api";
import { startOtlpReceiver, type OtlpReceiver } from "@weft/example-support/testing";
import { expectTrace } from "@weft/otel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));

describe("an agent run that waits for approval, across processes", () => {
  let receiver: OtlpReceiver;
  let dir: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dir = await mkdtemp(join(tmpdir(), "weft-agent-"));
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** One invocation of `src/durable.ts` in its own Node process, offline, exporting its spans to the test's receiver. */
  function durable(...args: string[]) {
    return run(process.execPath, ["--import", "tsx", "src/durable.ts", ...args], {
      cwd: exampleDir,
      env: {
        ...process.env,
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "agent-durable-test",
      },
    });
  }

  it("pauses at the approval, is saved, resumes in a new process and finishes as one trace", async () => {
    const file = join(dir, "run.json");
    const asked = await durable("ask", "--save", file, "Send the weather in Paris to Ann");
    expect(asked.stdout).toContain('  → get_weather({"city":"Paris"})');
    expect(asked.stdout).toContain('  → send_message({"to":"Ann","text":"Paris: 18°C, cloudy."})');
    expect(asked.stdout).toContain('Send "Paris: 18°C, cloudy." to Ann? (yes/no)');
    expect(asked.stdout).toContain(`Saved the paused run to ${file}`);
    const saved = JSON.parse(await readFile(file, "utf8"));
    expect(saved).toMatchObject({ workflow: "Messenger", state: { turns: 2, pending: [{ toolName: "send_message" }] } });

    const answered = await durable("answer", "--load", file, "yes");
    expect(answered.stdout).toContain(`Resuming run ${saved.run.runId} ← yes`);
    expect(answered.stdout).toContain('  ← send_message: {"sent":true,"to":"Ann"}');
    expect(answered.stdout).toContain("Sent to Ann: Paris: 18°C, cloudy.");
    expect(existsSync(file)).toBe(false);

    // Two processes, two run spans, one trace: the resumed run continues under the run it resumed.
    const trace = expectTrace(receiver.spans())
      .toBeOneTrace()
      .toHaveSpanCount(2, "invoke_workflow Messenger")
      .toHaveSpanCount(3, "invoke_agent Messenger")
      .toHaveSpanCount(1, "execute_tool get_weather")
      .toHaveAttribute("invoke_workflow Messenger", "weft.run.id", saved.run.runId)
      .toHaveAttribute("invoke_workflow Messenger", "weft.run.resumed", true)
      .toHaveAttribute("invoke_workflow Messenger", "weft.run.status", "completed")
      .toHaveAttribute("execute_tool send_message", "output.value", '{"sent":true,"to":"Ann"}');
    // The approval cut short by the pause in the first process is noted as aborted, not as an error: no span is ERROR.
    expect(trace.spans((s) => s.status.code === SpanStatusCode.ERROR).map((s) => s.name)).toEqual([]);
    const sends = trace.spans("execute_tool send_message");
    expect(sends.map((s) => s.attributes["weft.tool.aborted"] === true)).toEqual([true, false]);
    expect(new Set(trace.spans("invoke_workflow Messenger").map((s) => s.attributes["weft.run.id"]))).toEqual(new Set([saved.run.runId]));
  });

  it("says so when there is no saved run", async () => {
    await expect(durable("answer", "--load", join(dir, "missing.json"), "yes")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("does not exist"),
    });
  });
});
