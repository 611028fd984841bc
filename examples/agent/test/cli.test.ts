import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };

describe("npm start (offline)", () => {
  it("answers a question with the tools, then prints the trace", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/main.ts", "How much warmer is Tokyo than Paris?"], { cwd, env });
    expect(stdout).toContain("Model: offline demo model");
    expect(stdout).toContain('  → calculator({"a":24,"b":18,"op":"subtract"})\n  ← calculator: {"result":6}\n');
    expect(stdout).toContain("Tokyo is 6°C warmer than Paris.");
    expect(stdout).toMatch(/invoke_workflow Agent {2}[\d.]+ ms\n├─ step start/);
    expect(stdout).toMatch(/execute_tool get_weather/);
    expect(stdout).toMatch(/3 LLM calls · \d+ tokens in \/ \d+ out/);
  });

  it("chats over stdin, one question per line, until an empty line", async () => {
    const child = run(process.execPath, ["--import", "tsx", "src/main.ts", "--quiet"], { cwd, env });
    child.child.stdin!.end("weather in oslo?\nwhat is 6 * 7\n\n");
    const { stdout } = await child;
    expect(stdout).toContain("you › weather in oslo?\n");
    expect(stdout).toContain("Oslo: 7°C, light rain.");
    expect(stdout).toContain("the result is 42.");
    expect(stdout).not.toContain("invoke_workflow");
  });
});
