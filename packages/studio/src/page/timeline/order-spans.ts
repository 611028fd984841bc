import type { Span } from "../api.js";

export interface TimelineRow {
  span: Span;
  depth: number;
}

/** Spans depth first, children by start time; a span whose parent is missing (not arrived, another service) is a root. */
export function orderSpans(spans: readonly Span[]): TimelineRow[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    } else roots.push(s);
  }
  const byStart = (a: Span, b: Span) => a.startMs - b.startMs;
  const rows: TimelineRow[] = [];
  const stack: TimelineRow[] = roots.sort(byStart).reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const row = stack.pop()!;
    rows.push(row);
    const kids = children.get(row.span.spanId);
    if (kids) for (const span of kids.sort(byStart).reverse()) stack.push({ span, depth: row.depth + 1 });
  }
  return rows;
}
