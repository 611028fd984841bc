import { createServer, type WeftServer } from "../server/create-server.js";
import type { ServerRuns } from "../runs/server-runs.js";
import { loadDBOS, postgresStore } from "./load-dbos.js";
import { loadWorkflows } from "./load-workflows.js";
import { parseArgs } from "./parse-args.js";

export const SERVE_USAGE =
  "weft serve <module> [--port 4000] [--host 127.0.0.1] [--store .weft/weft.db | postgres://… | memory] [--retain 10000 (memory store)] [--runtime dbos] [--token T] [--idle-timeout 300] [--cors https://app.example,…]   (--runtime dbos: runs on DBOS, shared with every weft worker and server on that --store; needs @weft/dbos)";

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0 (got "${value}")`);
  return n;
}

/**
 * `weft serve`: serves the workflows a module exports until SIGINT/SIGTERM, keeping unfinished runs in the store; with
 * `--runtime dbos` the runs are DBOS's, in the `--store` PostgreSQL, and this process is one of their workers.
 */
export async function serveCommand(argv: readonly string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, ["port", "host", "store", "runtime", "token", "idle-timeout", "cors", "retain"]);
  if (positionals.length !== 1) throw new Error(`usage: ${SERVE_USAGE}`);
  if (flags.runtime !== undefined && flags.runtime !== "dbos") throw new Error(`--runtime must be dbos (got "${flags.runtime}"; leave it out to keep runs in the server's store)`);
  const common = { token: flags.token, corsOrigins: flags.cors?.split(",").map((s) => s.trim()).filter(Boolean) };
  const idleTimeout = number(flags["idle-timeout"], "idle-timeout", 300);
  const port = number(flags.port, "port", 4000);
  const workflows = await loadWorkflows(positionals[0]);
  let server: WeftServer<ServerRuns>;
  let stopRuntime = async () => {};
  if (flags.runtime === "dbos") {
    if (flags["idle-timeout"] !== undefined) throw new Error("--idle-timeout does not apply with --runtime dbos: the server holds no runs (the worker running one keeps it)");
    if (flags.retain !== undefined) throw new Error("--retain does not apply with --runtime dbos: it is for --store memory");
    const databaseUrl = postgresStore(flags.store);
    const { DBOSRuntime } = await loadDBOS("weft serve --runtime dbos");
    const runtime = await DBOSRuntime.launch({ databaseUrl, workflows });
    stopRuntime = () => runtime.close();
    server = createServer({ ...common, workflows, runtime });
  } else {
    const retain = flags.retain === undefined ? undefined : number(flags.retain, "retain", 0);
    server = createServer({ ...common, workflows, store: flags.store ?? ".weft/weft.db", idleTimeout, retain });
  }
  const info = await server.listen(port, flags.host ?? "127.0.0.1");
  console.log(`weft: serving ${workflows.map((w) => w.name).join(", ")} on ${info.url}${flags.runtime === "dbos" ? " (runs on DBOS)" : ""}`);
  const stop = () => {
    void server
      .close()
      .then(stopRuntime)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
