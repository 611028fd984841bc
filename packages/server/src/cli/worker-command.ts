import { loadDBOS, postgresStore } from "./load-dbos.js";
import { loadWorkflows } from "./load-workflows.js";
import { parseArgs } from "./parse-args.js";

export const WORKER_USAGE = "weft worker <module> --store postgres://… [--executor-id ID] [--concurrency N]   (runs on DBOS; needs @weft/dbos)";

/**
 * `weft worker`: takes runs of the workflows a module exports from their DBOS queues until SIGINT/SIGTERM. Any
 * number of workers share one PostgreSQL; a worker that dies has its runs carried on by the others.
 */
export async function workerCommand(argv: readonly string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, ["store", "executor-id", "concurrency"]);
  if (positionals.length !== 1) throw new Error(`usage: ${WORKER_USAGE}`);
  const store = postgresStore(flags.store);
  let concurrency: number | undefined;
  if (flags.concurrency !== undefined) {
    concurrency = Number(flags.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be an integer >= 1 (got "${flags.concurrency}")`);
  }
  const workflows = await loadWorkflows(positionals[0]);
  const { DBOSRuntime } = await loadDBOS("weft worker");
  const runtime = await DBOSRuntime.launch({ databaseUrl: store, workflows, executorId: flags["executor-id"], concurrency });
  console.log(`weft worker ${runtime.executorId}: running ${workflows.map((w) => w.name).join(", ")}`);
  const stop = () => {
    void runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
