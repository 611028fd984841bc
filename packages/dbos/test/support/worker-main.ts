import { DBOSRuntime } from "../../src/index.js";
import { askOnce, fiveSteps } from "../fixtures/flows.js";

const loadedAt = performance.now();
/** A worker process for the kill tests: prints `weft worker ready: <executor id>` once it takes runs. */
const runtime = await DBOSRuntime.launch({
  databaseUrl: process.env.WEFT_DB_URL!,
  workflows: [fiveSteps, askOnce],
  executorId: process.env.WEFT_EXECUTOR_ID,
  heartbeatMs: Number(process.env.WEFT_HEARTBEAT_MS ?? 500),
  deadAfterMs: Number(process.env.WEFT_DEAD_AFTER_MS ?? 3000),
  pollMs: 100,
  concurrency: process.env.WEFT_CONCURRENCY ? Number(process.env.WEFT_CONCURRENCY) : undefined,
});
const cpu = process.cpuUsage();
// how its start went: ms since the process began, to modules loaded and to ready, and the CPU it took
console.log(`weft worker ready: ${runtime.executorId} loaded ${Math.round(loadedAt)} ready ${Math.round(performance.now())} cpu ${Math.round((cpu.user + cpu.system) / 1000)}`);
process.once("SIGTERM", () => void runtime.close().then(() => process.exit(0)));
