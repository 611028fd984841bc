#!/usr/bin/env node
// Does what a new user does: packs every public package, installs the tarballs into an app outside the
// workspace together with one OpenTelemetry SDK line, runs an ESM program, a CJS program and the tracing
// check, compiles a typed program with strict tsc under nodenext and bundler resolution, and prints the
// installed size. Usage: node .ci/outside-app/check.mjs [--otel-line 2|3]  (default: 3 on Node >= 22.15)
import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const SIZE_LIMIT_MB = 60;

/** The two OpenTelemetry lines an application may be on; Weft's packages take whichever it installed. */
const OTEL_LINES = {
  2: {
    "@opentelemetry/api": "~1.9.0",
    "@opentelemetry/context-async-hooks": "^2.12.0",
    "@opentelemetry/core": "^2.12.0",
    "@opentelemetry/exporter-trace-otlp-http": "^0.223.0",
    "@opentelemetry/exporter-trace-otlp-proto": "^0.223.0",
    "@opentelemetry/resources": "^2.12.0",
    "@opentelemetry/sdk-trace": "^2.12.0",
  },
  3: {
    "@opentelemetry/api": "^1.10.0",
    "@opentelemetry/context-async-hooks": "^3.1.0",
    "@opentelemetry/core": "^3.1.0",
    "@opentelemetry/exporter-trace-otlp-http": "^0.301.0",
    "@opentelemetry/exporter-trace-otlp-proto": "^0.301.0",
    "@opentelemetry/resources": "^3.1.0",
    "@opentelemetry/sdk-trace": "^3.1.0",
  },
};

function chooseLine() {
  const flag = process.argv.indexOf("--otel-line");
  if (flag > 0) {
    const line = process.argv[flag + 1];
    if (!(line in OTEL_LINES)) throw new Error(`--otel-line must be 2 or 3, got ${JSON.stringify(line)}`);
    return line;
  }
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 15) ? "3" : "2"; // the 3.x SDK needs Node 22.15
}

/** Every non-private package under packages/, found by folder so new packages are checked too. */
function publicPackages() {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: join(root, "packages", entry.name), manifest: readJson(join(root, "packages", entry.name, "package.json")) }))
    .filter(({ manifest }) => manifest && !manifest.private);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function run(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** Apparent size of a folder in bytes, symlinks not followed (the same figure on every file system). */
function sizeOf(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/**
 * Packages that run a service (an HTTP server, a page) and bring its drivers (SQLite, PostgreSQL, Hono): the app
 * installs them after the libraries have been sized and checked, so the size target and the "no driver you did
 * not ask for" checks speak of the libraries alone, then loads them from ESM and CommonJS.
 */
const SERVICES = new Set(["@weft/dbos", "@weft/server", "@weft/studio"]);

const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** What the tarball and its manifest must hold to be publishable; returns the problems. */
function tarballProblems(name, files, manifest) {
  const problems = [];
  for (const required of ["LICENSE", "README.md", "package.json"]) {
    if (!files.includes(required)) problems.push(`${name}: the tarball has no ${required}`);
  }
  for (const file of files.filter((f) => TEST_FILE.test(f))) problems.push(`${name}: the tarball holds a test file, ${file}`);
  for (const field of ["repository", "homepage", "bugs", "license", "engines", "sideEffects"]) {
    if (manifest[field] === undefined) problems.push(`${name}: package.json has no "${field}"`);
  }
  for (const peer of ["@opentelemetry/api", "zod"]) {
    if (manifest.dependencies?.[peer]) problems.push(`${name}: ${peer} must be a peer dependency, not a dependency`);
  }
  return problems;
}

const line = chooseLine();
const work = mkdtempSync(join(tmpdir(), "weft-outside-"));
const cleanUp = () => rmSync(work, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

const started = Date.now();
const step = (what) => process.stdout.write(`outside-app: ${what}\n`);
try {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const packages = publicPackages();
  const problems = [];
  const specs = {};
  for (const { dir, manifest } of packages) {
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", tarballs], dir));
    problems.push(...tarballProblems(manifest.name, packed.files.map((f) => f.path), manifest));
    specs[manifest.name] = `file:${join(tarballs, packed.filename)}`;
  }
  if (problems.length > 0) throw new Error(`tarballs:\n  ${problems.join("\n  ")}`);
  step(`packed ${packages.map((p) => p.manifest.name).join(", ")}`);

  const libraries = Object.fromEntries(Object.entries(specs).filter(([name]) => !SERVICES.has(name)));
  const app = join(work, "app");
  cpSync(join(here, "app"), app, { recursive: true });
  const zod = readJson(join(root, "packages", "workflows", "package.json")).peerDependencies.zod;
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      {
        name: "weft-outside-app",
        private: true,
        type: "module",
        dependencies: { ...libraries, ...OTEL_LINES[line], zod },
        // Packages depend on each other by version: take those from the tarballs too, not from the registry.
        overrides: specs,
      },
      null,
      2,
    ),
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
  // Fails on any invalid or missing peer: one api copy, one SDK line, nothing left for the app to reconcile.
  run("npm", ["ls", "--all"], app);
  const bytes = sizeOf(join(app, "node_modules"));
  const megabytes = bytes / 1e6;
  const api = readJson(join(app, "node_modules", "@opentelemetry", "api", "package.json")).version;
  const sdk = readJson(join(app, "node_modules", "@opentelemetry", "sdk-trace", "package.json")).version;
  step(`installed on Node ${process.versions.node} with OpenTelemetry api ${api}, sdk-trace ${sdk}: ${megabytes.toFixed(1)} MB in node_modules`);

  const env = { WEFT_PACKAGES: JSON.stringify(Object.keys(libraries)) };
  for (const program of ["esm.mjs", "cjs.cjs", "tracing.mjs"]) process.stdout.write(`outside-app: ${run(process.execPath, [program], app, env)}`);

  const [major] = process.versions.node.split(".");
  const rootDev = readJson(join(root, "package.json")).devDependencies;
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `typescript@${rootDev.typescript}`, `@types/node@${major}`], app);
  for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
    run(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", config], app);
    step(`tsc -p ${config} (strict, skipLibCheck false): ok`);
  }
  const services = Object.keys(specs).filter((name) => SERVICES.has(name));
  if (services.length > 0) {
    const manifest = readJson(join(app, "package.json"));
    for (const name of services) manifest.dependencies[name] = specs[name];
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
    run("npm", ["ls", "--all"], app);
    const load = JSON.stringify(services);
    run(process.execPath, ["--input-type=module", "-e", `for (const n of ${load}) await import(n);`], app);
    run(process.execPath, ["-e", `for (const n of ${load}) require(n);`], app);
    step(`${services.join(", ")}: installed beside the libraries, loaded from ESM and CommonJS`);
  }
  if (megabytes > SIZE_LIMIT_MB) throw new Error(`the packages install ${megabytes.toFixed(1)} MB, over the ${SIZE_LIMIT_MB} MB target`);
  step(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s (installed size ${megabytes.toFixed(1)} MB ≤ ${SIZE_LIMIT_MB} MB)`);
} catch (error) {
  process.stderr.write(`outside-app: FAILED: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  cleanUp();
}
