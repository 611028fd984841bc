import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const child = fileURLToPath(new URL("./fixtures/young-runs-child.ts", import.meta.url));

async function survivedPerRun(mode: "plain" | "journal"): Promise<number> {
  const { stdout } = await promisify(execFile)(tsx, ["--expose-gc", child, mode], { timeout: 60_000 });
  return (JSON.parse(stdout.trim().split("\n").pop()!) as { survivedPerRun: number }).survivedPerRun;
}

// An ended run that something old still pointed to (a hidden class made per run did) survived every young collection
// and was promoted: ~3.6 KB per run, and the collector's time was 40% of a chain of short runs.
describe("an ended run is garbage to a young-generation collection", () => {
  it.each(["plain", "journal"] as const)("%s: nearly nothing of 300 ended runs survives one", async (mode) => {
    expect(await survivedPerRun(mode)).toBeLessThan(500);
  });
});
