#!/usr/bin/env node
import { devCommand, DEV_USAGE } from "./dev-command.js";
import { serveCommand, SERVE_USAGE } from "./serve-command.js";
import { workerCommand, WORKER_USAGE } from "./worker-command.js";

/** Each command in its own module; `dev` (Studio) and `worker` (DBOS) join this table when they exist. */
const COMMANDS: Record<string, { usage: string; run(argv: readonly string[]): Promise<void> }> = {
  serve: { usage: SERVE_USAGE, run: serveCommand },
  dev: { usage: DEV_USAGE, run: devCommand },
  worker: { usage: WORKER_USAGE, run: workerCommand },
};

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (!command) {
  console.error(`usage:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join("\n")}`);
  process.exit(name === undefined || name === "--help" ? 0 : 2);
} else {
  command.run(rest).catch((error: unknown) => {
    console.error(`weft ${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
