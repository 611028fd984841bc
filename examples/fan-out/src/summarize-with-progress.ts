import type { Writable } from "node:stream";
import type { LLM } from "@weft/llm";
import { ProgressDisplay } from "./progress-display.js";
import { createSummarizeFlow, ProgressEvent } from "./summarize-flow.js";

export interface SummarizeOptions {
  documents: readonly string[];
  llm: LLM;
  numWorkers?: number;
  out: Writable & { isTTY?: boolean };
}

/** Runs the fan-out, drawing progress from the run's event stream; resolves with the summaries in document order. */
export async function summarizeWithProgress({ documents, llm, numWorkers, out }: SummarizeOptions): Promise<string[]> {
  const handler = createSummarizeFlow({ numWorkers }).run({ documents: [...documents] }, { resources: { llm } });
  const progress = new ProgressDisplay(documents.length, out);
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof ProgressEvent) progress.update(ev);
  }
  progress.end();
  const { summaries } = await handler;
  return summaries;
}
