import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../src/postgres/start-postgres.js";

const child = fileURLToPath(new URL("./support/start-and-wait.ts", import.meta.url));
const pgFolders = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("weft-pg-")));

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT 1 + 1 AS two");
    return rows[0].two === 2;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function until(condition: () => boolean | Promise<boolean>, what: string, seconds = 30): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 0.25) {
    if (waited > seconds) throw new Error(`still waiting after ${seconds}s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("startPostgres", () => {
  it("starts a server that answers queries, and stop() removes it and its folder", async () => {
    const before = pgFolders();
    const server = await startPostgres();
    try {
      expect(await answers(server.url)).toBe(true);
      expect([...pgFolders()].filter((name) => !before.has(name))).toHaveLength(1);
    } finally {
      server.stop();
    }
    expect(await answers(server.url)).toBe(false);
    expect([...pgFolders()].filter((name) => !before.has(name))).toEqual([]);
  });

  it("leaves nothing behind when the process that started it is killed with SIGKILL", async () => {
    const before = pgFolders();
    // One process (no tsx launcher in between), so SIGKILL hits the process that started the server.
    const proc = spawn(process.execPath, ["--import", "tsx", child], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        proc.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        proc.once("exit", (code) => reject(new Error(`the child exited (${code}) before starting PostgreSQL`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      const [folder] = [...pgFolders()].filter((name) => !before.has(name));
      expect(folder).toBeDefined();
      expect(await answers(url)).toBe(true);

      proc.kill("SIGKILL");
      await until(async () => !(await answers(url)), "the server to stop");
      await until(() => !existsSync(join(tmpdir(), folder!)), `${folder} to be deleted`);
    } finally {
      proc.kill("SIGKILL");
    }
  });
});
