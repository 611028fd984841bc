import { parseArgs } from "node:util";
import { chooseLLM, startTracing } from "@weft/example-support";
import { createDemoLLM } from "./demo-llm.js";
import { reviews } from "./reviews.js";
import { summarizeWithProgress } from "./summarize-with-progress.js";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "3" },
    trace: { type: "boolean", default: false },
  },
});
const numWorkers = Number(values.workers);
if (!Number.isInteger(numWorkers) || numWorkers < 1) {
  console.error(`--workers must be a whole number >= 1 (got "${values.workers}")`);
  process.exit(2);
}

const tracing = startTracing("weft-example-fan-out");
try {
  const { llm, description } = chooseLLM(() => createDemoLLM());
  console.log(`Model: ${description}`);
  console.log(`Summarizing ${reviews.length} reviews, at most ${numWorkers} at a time…`);
  const summaries = await summarizeWithProgress({ documents: reviews, llm, numWorkers, out: process.stdout });
  console.log("\nSummaries:");
  summaries.forEach((summary, i) => console.log(`${String(i + 1).padStart(3)}. ${summary}`));
  const report = await tracing.takeReport();
  if (values.trace) console.log(`\nTrace:\n${report}`);
  if (tracing.exportingTo) console.log(`\nSpans exported to ${tracing.exportingTo}`);
} finally {
  await tracing.shutdown();
}
