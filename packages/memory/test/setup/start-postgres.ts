import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningPostgres {
  url: string;
  stop(): void;
}

/**
 * Starts a throwaway PostgreSQL server (Debian's packages) on a free loopback port, in a temporary
 * directory, as a non-root user: the `postgres` system user when we are root.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), "weft-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const result = spawnSync(file, argv, { encoding: "utf8" });
    if (result.status !== 0) {
      const detail = `${result.error?.message ?? ""}${result.stderr ?? ""}${existsSync(log) ? readFileSync(log, "utf8") : ""}`;
      throw new Error(`${cmd} ${args.join(" ")} failed (exit ${result.status}): ${detail.trim()}`);
    }
  };
  try {
    run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`;
    run("pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "60", "-o", options]);
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      stop: () => {
        try {
          run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function findBinDir(): string {
  const fromEnv = process.env.WEFT_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) {
    throw new Error("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (run .ci/install-system-deps, or set WEFT_PG_BIN)");
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0], "bin");
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
