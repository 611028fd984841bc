import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { buildSpanTrees, type SpanNode } from "../tree/span-tree.js";
import { summarizeEvent, summarizeSpan } from "./span-summary.js";

export interface FormatSpanTreeOptions {
  /** Show the events each step emitted (`→ JokeEvent`) under its span. Default true. */
  showEvents?: boolean;
}

function render(node: SpanNode, prefix: string, branch: string, showEvents: boolean, out: string[]): void {
  out.push(`${prefix}${branch}${summarizeSpan(node.span)}`);
  const childPrefix = prefix + (branch === "" ? "" : branch === "└─ " ? "   " : "│  ");
  const events = showEvents
    ? node.span.events.map(summarizeEvent).filter((line): line is string => line !== undefined)
    : [];
  const total = events.length + node.children.length;
  let index = 0;
  // Events first: they are what the step produced, the children are what it called.
  for (const line of events) {
    index++;
    out.push(`${childPrefix}${index === total ? "└─ " : "├─ "}${line}`);
  }
  for (const child of node.children) {
    index++;
    render(child, childPrefix, index === total ? "└─ " : "├─ ", showEvents, out);
  }
}

/**
 * Renders spans as indented trees (one per trace root), children ordered by start time:
 *
 * ```text
 * invoke_workflow JokeFlow  812.4 ms
 * ├─ step generateJoke  401.0 ms  in=StartEvent
 * │  ├─ → JokeEvent
 * │  └─ chat gpt-4.1-mini  398.2 ms  tokens=12 in/40 out
 * └─ step critiqueJoke  410.9 ms  in=JokeEvent
 * ```
 *
 * Pure: no I/O, no globals, so tests and examples can print or compare it.
 */
export function formatSpanTree(spans: readonly ReadableSpan[], options: FormatSpanTreeOptions = {}): string {
  const showEvents = options.showEvents ?? true;
  const out: string[] = [];
  for (const root of buildSpanTrees(spans)) render(root, "", "", showEvents, out);
  return out.join("\n");
}
