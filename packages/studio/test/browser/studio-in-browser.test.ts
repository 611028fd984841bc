import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWeftDev, type WeftDev } from "../support/start-weft-dev.js";
import { chromiumPath } from "../support/chromium-path.js";

const FLOWS = fileURLToPath(new URL("./studio-flows.ts", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// The server runs with a token, so every test goes through the page's token form first (sessionStorage keeps it for the tab).
const TOKEN = "studio-e2e-token-7f3a";
const RUN_TIMEOUT = 120_000;

let dir: string;
const requests: Request[] = [];
/** Where in `requests` the page had the right token. */
let tokenFrom = 0;
let dev: WeftDev | undefined;
let browser: BrowserContext | undefined;
let page: Page;

const shot = (name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
const status = () => page.getByTestId("run-status");

async function startRun(workflow: string, fill?: () => Promise<void>): Promise<string> {
  await page.goto(`${dev!.url}/#/workflows/${workflow}`);
  await page.getByRole("button", { name: "Start run" }).waitFor();
  await fill?.();
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/#\/runs\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

describe("Studio in a real browser, over weft dev", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "weft-studio-e2e-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    dev = await startWeftDev(FLOWS, dir, { args: ["--token", TOKEN] });
    browser = await chromium.launchPersistentContext(join(dir, "chromium-profile"), {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    page.on("request", (request) => requests.push(request));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("asks for the token, says when it is wrong, and with the right one shows the workflows", async () => {
    await page.goto(`${dev!.url}/`);
    const token = page.getByLabel("Access token");
    await token.fill("not-the-token");
    await page.getByRole("button", { name: "Use token" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong token");
    await shot("token-refused");
    await token.fill(TOKEN);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Studio" }).getByRole("link", { name: "JokeFlow" }).waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TOKEN]);
    tokenFrom = requests.length;
  }, RUN_TIMEOUT);

  it("starts a joke run from the form, sees it complete, and finds both LLM calls with their tokens in its timeline", async () => {
    await startRun("JokeFlow", () => page.getByLabel(/^Fields/).fill('{"topic": "pirates"}'));
    await expect.poll(() => status().textContent()).toBe("completed");
    await expect(page.getByTestId("run-result").textContent()).resolves.toContain("Verdict");

    const llmRows = page.locator(".span-row.role-llm");
    await expect.poll(() => llmRows.count()).toBe(2);
    for (const text of await llmRows.allTextContents()) expect(text).toMatch(/chat demo-jokester \d+ → \d+ tokens/);
    await llmRows.first().click();
    const details = page.getByRole("region", { name: /^Details of / });
    await expect(details.textContent()).resolves.toMatch(/Tokens in \/ out\d+ \/ \d+/);
    await expect(details.textContent()).resolves.toContain("Write your best joke about pirates.");
    await shot("joke-run-timeline");
    await shot("joke-run-timeline-viewport", false);

    // One tab stop for the timeline; arrow keys walk its rows.
    // Spans are stored as they end, the run's own last: walk the timeline once the run's row is in.
    const rows = page.locator(".span-row");
    await page.locator(".span-row.role-run").waitFor();
    await rows.first().focus();
    await page.keyboard.press("ArrowDown");
    await expect
      .poll(() => page.evaluate(() => [...document.querySelectorAll(".span-row")].indexOf(document.activeElement as Element)))
      .toBe(1);

    await page.getByRole("tab", { name: "Events" }).click();
    await expect.poll(() => page.getByRole("list", { name: "Event log" }).textContent()).toContain("JokeEvent");
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect.poll(() => page.locator(".node.step.taken").count()).toBe(2);

    // The token went as a header on every API request, the live event stream too, and never into a URL.
    const api = requests.slice(tokenFrom).filter((r) => !new URL(r.url()).pathname.match(/^\/($|studio\/assets\/)/));
    expect(api.some((r) => new URL(r.url()).pathname.startsWith("/events/"))).toBe(true);
    for (const r of api) expect(r.headers().authorization, r.url()).toBe(`Bearer ${TOKEN}`);
    for (const r of requests) expect(r.url()).not.toContain(TOKEN);
  }, RUN_TIMEOUT);

  it("answers the quiz's question from the page and sees the run complete", async () => {
    await startRun("Quiz");
    await expect.poll(() => status().textContent()).toBe("waiting");
    const answer = page.getByLabel(/What is the answer to life/);
    await answer.fill("41");
    await page.getByRole("button", { name: "Send answer" }).click();
    // A wrong answer asks again, with a hint.
    await page.getByLabel(/Too low\. 2 attempts left/).fill("42");
    await page.getByRole("tab", { name: "State" }).click();
    await expect.poll(() => page.getByTestId("run-state").textContent()).toContain('"attempts": 1');
    await shot("quiz-question");
    await page.getByRole("button", { name: "Send answer" }).click();
    await expect.poll(() => status().textContent()).toBe("completed");
    const result = JSON.parse((await page.getByTestId("run-result").textContent())!);
    expect(result).toMatchObject({ correct: true, attempts: 2, answer: "42" });
    // Ended, the run still shows its state: the server reads it from the run's journal.
    await expect.poll(() => page.getByTestId("run-state").textContent()).toContain('"attempts": 2');
    await shot("quiz-completed");
  }, RUN_TIMEOUT);

  it("cancels a run, which the run list then shows as cancelled", async () => {
    const id = await startRun("Quiz");
    await expect.poll(() => status().textContent()).toBe("waiting");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await expect.poll(() => status().textContent()).toBe("cancelled");
    await page.goto(`${dev!.url}/#/runs?status=cancelled`);
    await expect.poll(() => page.locator(`tr[data-run="${id}"]`).getAttribute("data-status")).toBe("cancelled");
    expect(await page.locator("tr[data-run]").count()).toBe(1);
    await page.goto(`${dev!.url}/#/runs`);
    await expect.poll(() => page.locator("tr[data-run]").count()).toBe(3);
    await shot("run-list");
  }, RUN_TIMEOUT);
});
