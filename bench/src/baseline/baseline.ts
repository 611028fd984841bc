import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The engine before the run journal (issue 14): `packages/workflows` at the last commit before the stream log and the
 * runtime seam, with the `packages/core` of that commit. W1–W3 with no journal attached are measured on it and on
 * today's engine in the same run.
 */
export const BASELINE_COMMIT = "ec540b44c82916503094c152feec562acecb19c7";

// the bench runs from its bundles in bench/dist
const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(benchDir, "..");
const baselineDir = join(benchDir, ".baseline", BASELINE_COMMIT.slice(0, 12));

/** The baseline engine's entry point, once built. */
export const baselineEntry = join(baselineDir, "packages", "workflows", "dist", "index.js");

export type Baseline = { ok: true } | { ok: false; why: string };

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * Builds the baseline engine into `bench/.baseline/<commit>/` (git-ignored) on first use: `git archive` of the two
 * packages at that commit, each bundled with the repository's tsup (ESM only, no declarations), and a
 * `node_modules/@weft/core` beside them, so the old workflows package loads the old core. Where there is no git
 * history (a tarball of the repository) it says why instead of failing the benchmark.
 */
export function ensureBaseline(): Baseline {
  if (existsSync(baselineEntry)) return { ok: true };
  try {
    run("git", ["cat-file", "-e", `${BASELINE_COMMIT}^{commit}`], repoRoot);
  } catch {
    return { ok: false, why: `commit ${BASELINE_COMMIT.slice(0, 12)} is not in this checkout's git history (a tarball, or a shallow clone)` };
  }
  const building = `${baselineDir}.building-${process.pid}`;
  try {
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const tar = join(building, "baseline.tar");
    run("git", ["archive", "--format=tar", `--output=${tar}`, BASELINE_COMMIT, "packages/core", "packages/workflows"], repoRoot);
    run("tar", ["-xf", tar, "-C", building], building);
    const tsup = join(repoRoot, "node_modules", ".bin", "tsup");
    for (const pkg of ["core", "workflows"]) {
      run(tsup, ["src/index.ts", "--format", "esm", "--target", "node20", "--no-config", "--silent"], join(building, "packages", pkg));
    }
    mkdirSync(join(building, "node_modules", "@weft"), { recursive: true });
    symlinkSync(join("..", "..", "packages", "core"), join(building, "node_modules", "@weft", "core"), "dir");
    rmSync(tar);
    rmSync(baselineDir, { recursive: true, force: true });
    renameSync(building, baselineDir);
    return { ok: true };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, why: `building it failed: ${stderr || (error as Error).message}` };
  }
}
