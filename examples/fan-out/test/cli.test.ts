import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { reviews } from "../src/reviews.js";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const offlineEnv = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" };

describe("npm start (offline)", () => {
  it("says it uses the demo model, shows progress, then the summaries and (--trace) the trace", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/main.ts", "--workers", "10", "--trace"], { cwd, env: offlineEnv });
    expect(stdout).toContain("Model: offline demo model");
    expect(stdout).toContain(`Summarizing ${reviews.length} reviews, at most 10 at a time`);
    expect(stdout.match(/✓ #\d+ \(worker \d\)/g)).toHaveLength(reviews.length);
    expect(stdout).toContain("  1. Boils a full litre in under three minutes");
    expect(stdout).toContain(" 10. Lightweight and easy to pour with one hand, even when full.");
    expect(stdout).toMatch(/Trace:\ninvoke_workflow SummarizeReviews {2}[\d.]+ ms\n├─ step dispatch/);
    expect(stdout.match(/└─ chat demo-summarizer/g)).toHaveLength(reviews.length);
    expect(stdout).toMatch(new RegExp(`${reviews.length} LLM calls · \\d+ tokens in`));
  });

  it("refuses a bad --workers", async () => {
    await expect(run(process.execPath, ["--import", "tsx", "src/main.ts", "--workers", "0"], { cwd, env: offlineEnv })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--workers must be a whole number >= 1"),
    });
  });
});
