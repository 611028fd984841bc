import { z } from "zod";
import { defineEvent, defineStartEvent, defineStopEvent, resource, Workflow } from "@weft/workflows";
import { OpenAILLM } from "@weft/llm";

export const SummarizeStart = defineStartEvent("SummarizeStart", { documents: z.array(z.string().min(1)).min(1) });
export const DocumentEvent = defineEvent("DocumentEvent", { index: z.number().int(), text: z.string() });
export const SummaryEvent = defineEvent("SummaryEvent", { index: z.number().int(), summary: z.string() });
/** The run's result, in document order. */
export const SummariesEvent = defineStopEvent("SummariesEvent", { summaries: z.array(z.string()) });
/** Written to the stream as each document starts and finishes, for a progress display. */
export const ProgressEvent = defineEvent("ProgressEvent", {
  index: z.number().int(),
  phase: z.enum(["started", "finished"]),
  worker: z.number().int(),
});

const llm = resource("llm", () => new OpenAILLM({ model: "gpt-4.1-mini" }));

export function summaryPrompt(text: string): string {
  return `Summarize this customer review in one short sentence:\n\n${text}`;
}

/**
 * Fan-out / fan-in: `dispatch` sends one DocumentEvent per document, `summarize` handles them with at most
 * `numWorkers` running at once (one LLM call each), and `collect` waits until every summary is in.
 */
export function createSummarizeFlow({ numWorkers = 3 }: { numWorkers?: number } = {}) {
  return new Workflow({ name: "SummarizeReviews", timeout: 300 })
    .step("dispatch", { accepts: [SummarizeStart], returns: [DocumentEvent] }, async (ev, ctx) => {
      // collect needs to know how many results make "all of them".
      await ctx.store.set("total", ev.documents.length);
      ev.documents.forEach((text, index) => ctx.sendEvent(new DocumentEvent({ index, text })));
    })
    .step("summarize", { accepts: [DocumentEvent], returns: [SummaryEvent], resources: { llm }, numWorkers }, async (ev, ctx, { llm }) => {
      ctx.writeEventToStream(new ProgressEvent({ index: ev.index, phase: "started", worker: ctx.worker }));
      const res = await llm.complete(summaryPrompt(ev.text), { signal: ctx.signal });
      ctx.writeEventToStream(new ProgressEvent({ index: ev.index, phase: "finished", worker: ctx.worker }));
      return new SummaryEvent({ index: ev.index, summary: res.text.trim() });
    })
    .step("collect", { accepts: [SummaryEvent], returns: [SummariesEvent] }, async (ev, ctx) => {
      const total = await ctx.store.get<number>("total");
      // Runs once per SummaryEvent; returns null (and so nothing) until all of them have arrived.
      const all = ctx.collectEvents(ev, Array.from({ length: total }, () => SummaryEvent));
      if (all === null) return;
      const summaries = [...all].sort((a, b) => a.index - b.index).map((s) => s.summary);
      return new SummariesEvent({ summaries });
    });
}

export const summarizeFlow = createSummarizeFlow();
