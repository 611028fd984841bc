import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };

describe("npm start (offline, with its own MCP server)", () => {
  it("uses the server's tools through the agent and prints the trace", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/main.ts", "Remember that the meeting moved to Friday."], { cwd, env });
    expect(stdout).toContain("MCP tools: add_note, list_notes, delete_note");
    expect(stdout).toContain('  → add_note({"text":"the meeting moved to Friday"})\n  ← add_note: Saved note 2.\n');
    expect(stdout).toContain("Your notes:\n1. Buy oat milk\n2. the meeting moved to Friday\n");
    expect(stdout).toMatch(/invoke_workflow Notes {2}[\d.]+ ms/);
    expect(stdout).toMatch(/execute_tool add_note/);
  });

  it("shows a server's error to the model, which says so", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/main.ts", "Forget note 7"], { cwd, env });
    expect(stdout).toContain("  ✗ delete_note: Error: there is no note 7 (there are 1)\n");
    expect(stdout).toContain("That did not work (there is no note 7 (there are 1)). Your notes:\n1. Buy oat milk");
  });
});
