import { createDevServer } from "./dev-server.js";
import { loadWorkflows } from "./load-workflows.js";
import { parseArgs } from "./parse-args.js";

export const DEV_USAGE = "weft dev <module> [serve's options] [--traces .weft/traces.db | memory]   (Studio at /, spans stored locally)";

function port(value: string | undefined): number {
  if (value === undefined) return 4000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number (got "${value}")`);
  return n;
}

function retainFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--retain must be a whole number >= 0 (got "${value}")`);
  return n;
}

/**
 * `weft dev`: `weft serve` plus Studio at `/`, with this process's spans (runs, steps, LLM calls) recorded into a
 * local trace store and `POST /v1/traces` open to other services' spans.
 */
export async function devCommand(argv: readonly string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, ["port", "host", "store", "token", "idle-timeout", "cors", "traces", "retain"]);
  if (positionals.length !== 1) throw new Error(`usage: ${DEV_USAGE}`);
  // Loaded here, so `weft serve` never loads Studio, SQLite traces or the tracing SDK.
  const { createStudio, registerStudioTracing } = await import("@weft/studio");
  const studio = createStudio({ traces: flags.traces ?? ".weft/traces.db" });
  // Before the module loads, so every tracer it and the packages it imports ask for records into Studio.
  const tracing = registerStudioTracing(studio);
  const workflows = await loadWorkflows(positionals[0]);
  const idle = flags["idle-timeout"] === undefined ? 300 : Number(flags["idle-timeout"]);
  if (!Number.isFinite(idle) || idle < 0) throw new Error(`--idle-timeout must be a number >= 0 (got "${flags["idle-timeout"]}")`);
  const server = createDevServer(studio, {
    workflows,
    store: flags.store ?? ".weft/weft.db",
    token: flags.token,
    idleTimeout: idle,
    retain: retainFlag(flags.retain),
    corsOrigins: flags.cors?.split(",").map((s) => s.trim()).filter(Boolean),
  });
  const info = await server.listen(port(flags.port), flags.host ?? "127.0.0.1");
  const asks = flags.token || process.env.WEFT_SERVER_TOKEN ? " (the page asks for the token)" : "";
  console.log(`weft dev: Studio on ${info.url}/ — serving ${workflows.map((w) => w.name).join(", ")}${asks}`);
  const stop = () => {
    void server
      .close()
      .then(() => tracing.shutdown())
      .then(() => studio.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
