/// <reference lib="dom" />
/**
 * How fast Studio's page shows 10,000 runs and a 5,000-span timeline: a real `weft dev` process over stores seeded with
 * them, measured in headless Chromium from navigation until the page shows them. Run: `npm run bench:studio -w @weft/bench`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "@weft/server";
import { SqliteTraceStore, type StoredSpan } from "@weft/studio";
import { chromium } from "playwright-core";
import { chromiumPath } from "../../../packages/studio/test/support/chromium-path.js";
import { startWeftDev } from "../../../packages/studio/test/support/start-weft-dev.js";

const RUNS = 10_000;
const SPANS = 5_000;
const REPEAT = 5;
const QUIZ = fileURLToPath(new URL("../../../examples/hitl/src/quiz-flow.ts", import.meta.url));
// Ended runs only: unfinished ones would be resumed by the server, which is not what this measures.
const STATUSES = ["completed", "failed", "cancelled"] as const;

async function seedRuns(file: string): Promise<void> {
  const store = new SqliteStore(file);
  await store.migrate();
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < RUNS; i++) {
    const at = new Date(t0 + i * 1000).toISOString();
    const status = STATUSES[i % STATUSES.length];
    await store.createHandler({ handler_id: `run-${String(i).padStart(5, "0")}`, workflow_name: "Quiz", status, started_at: at, updated_at: at, completed_at: at, result: { correct: true, attempts: 1, answer: "42" } }, {});
  }
  await store.close();
}

function seedTrace(file: string): string {
  const store = new SqliteTraceStore(file, { maxTraces: 10 });
  const traceId = "5".repeat(32);
  const spans: StoredSpan[] = [];
  const base = Date.now() - 60_000;
  const id = (n: number) => n.toString(16).padStart(16, "0");
  const make = (n: number, parent: number, name: string, start: number, attributes: StoredSpan["attributes"]): StoredSpan => ({
    traceId, spanId: id(n), parentSpanId: parent ? id(parent) : "", name, kind: 0, startMs: base + start, endMs: base + start + 5,
    attributes, events: [], status: { code: n % 97 === 0 ? 2 : 0, message: "" }, service: "bench", scope: "@weft/workflows",
  });
  spans.push(make(1, 0, "invoke_workflow Bench", 0, { "weft.run.id": "r" }));
  for (let n = 2; spans.length < SPANS; n += 2) {
    spans.push(make(n, 1, `step s${n}`, n, { "weft.step.name": `s${n % 7}` }));
    spans.push(make(n + 1, n, "chat bench-model", n + 1, { "openinference.span.kind": "LLM", "gen_ai.request.model": "bench-model", "gen_ai.usage.input_tokens": 120, "gen_ai.usage.output_tokens": 40, "input.value": "a prompt ".repeat(20) }));
  }
  store.add(spans.slice(0, SPANS));
  store.close();
  return traceId;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), "weft-bench-studio-"));
const dev = await (async () => {
  await seedRuns(join(dir, "weft.db"));
  return startWeftDev(QUIZ, dir);
})();
const traceId = seedTrace(join(dir, "traces.db"));
const browser = await chromium.launchPersistentContext(join(dir, "profile"), {
  executablePath: chromiumPath(),
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const measure = async (hash: string, ready: () => boolean): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      await page.goto("about:blank");
      const t0 = performance.now();
      await page.goto(`${dev.url}/${hash}`);
      await page.waitForFunction(ready, undefined, { timeout: 60_000, polling: "raf" }).catch(async (error: Error) => {
        throw new Error(`${hash} did not show in time; the page says: ${(await page.locator("main").textContent())?.slice(0, 300)}`, { cause: error });
      });
      times.push(performance.now() - t0);
    }
    return times;
  };
  // The floor under both: the page, its assets and one small request (the sidebar's workflows).
  const shell = await measure("#/traces", () => document.querySelector('nav.sidebar a[href="#/workflows/Quiz"]') !== null);
  // The first page, newest first: whether the server pages (`limit`, `next_cursor`) or gives all 10,000 to be sliced.
  const runs = await measure("#/runs", () => document.querySelectorAll("tr[data-run]").length === 50 && document.querySelector("tr[data-run]")?.getAttribute("data-run") === "run-09999");
  const spans = await measure(`#/traces/${traceId}`, () => document.querySelector(".timeline")?.getAttribute("data-count") === "5000" && document.querySelectorAll(".span-row").length > 0);
  console.log(`Studio page, ${REPEAT} loads each, from navigation to shown (median; min–max), load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores:`);
  console.log(`  page shell (sidebar's workflows):   ${median(shell).toFixed(0)} ms (${Math.min(...shell).toFixed(0)}–${Math.max(...shell).toFixed(0)})   the floor under both`);
  console.log(`  ${RUNS} runs, list with first page:  ${median(runs).toFixed(0)} ms (${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)})   target < 1000 ms`);
  console.log(`  ${SPANS}-span timeline, rows in view: ${median(spans).toFixed(0)} ms (${Math.min(...spans).toFixed(0)}–${Math.max(...spans).toFixed(0)})   target < 1000 ms`);
} finally {
  await browser.close();
  await dev.stop();
  rmSync(dir, { recursive: true, force: true });
}
