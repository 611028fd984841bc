import { DBOSRuntime } from "../../src/index.js";
import { askOnce, fiveSteps } from "../fixtures/flows.js";

/** A worker process for the kill tests: prints `ready <executor id>` once it takes runs. */
const runtime = await DBOSRuntime.launch({
  databaseUrl: process.env.WEFT_DB_URL!,
  workflows: [fiveSteps, askOnce],
  executorId: process.env.WEFT_EXECUTOR_ID,
  heartbeatMs: Number(process.env.WEFT_HEARTBEAT_MS ?? 500),
  deadAfterMs: Number(process.env.WEFT_DEAD_AFTER_MS ?? 3000),
  pollMs: 100,
  concurrency: process.env.WEFT_CONCURRENCY ? Number(process.env.WEFT_CONCURRENCY) : undefined,
});
console.log(`weft worker ready: ${runtime.executorId}`);
process.once("SIGTERM", () => void runtime.close().then(() => process.exit(0)));
