import { createServer } from "../server/create-server.js";
import { loadWorkflows } from "./load-workflows.js";
import { parseArgs } from "./parse-args.js";

export const SERVE_USAGE = "weft serve <module> [--port 4000] [--host 127.0.0.1] [--store .weft/weft.db | postgres://… | memory] [--retain 10000 (memory store)] [--token T] [--idle-timeout 300] [--cors https://app.example,…]";

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0 (got "${value}")`);
  return n;
}

/** `weft serve`: serves the workflows a module exports until SIGINT/SIGTERM, keeping unfinished runs in the store. */
export async function serveCommand(argv: readonly string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, ["port", "host", "store", "token", "idle-timeout", "cors", "retain"]);
  if (positionals.length !== 1) throw new Error(`usage: ${SERVE_USAGE}`);
  const workflows = await loadWorkflows(positionals[0]);
  const server = createServer({
    workflows,
    store: flags.store ?? ".weft/weft.db",
    token: flags.token,
    idleTimeout: number(flags["idle-timeout"], "idle-timeout", 300),
    retain: flags.retain === undefined ? undefined : number(flags.retain, "retain", 0),
    corsOrigins: flags.cors?.split(",").map((s) => s.trim()).filter(Boolean),
  });
  const info = await server.listen(number(flags.port, "port", 4000), flags.host ?? "127.0.0.1");
  console.log(`weft: serving ${workflows.map((w) => w.name).join(", ")} on ${info.url}`);
  const stop = () => {
    void server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
