import { DBOSRuntime } from "@weft/dbos";
import { benchFlow } from "./bench-flow.js";

/** A worker process of the throughput measurement. */
const runtime = await DBOSRuntime.launch({
  databaseUrl: process.env.WEFT_DB_URL!,
  workflows: [benchFlow],
  concurrency: Number(process.env.WEFT_CONCURRENCY),
  pollMs: 50,
});
console.log(`weft worker ready: ${runtime.executorId}`);
process.once("SIGTERM", () => void runtime.close().then(() => process.exit(0)));
