import type { ReadableSpan } from "@opentelemetry/sdk-trace";

/** A span with its children, ordered by start time. */
export interface SpanNode {
  readonly span: ReadableSpan;
  readonly children: SpanNode[];
}

function startOf(span: ReadableSpan): number {
  return span.startTime[0] * 1e9 + span.startTime[1];
}

function byStart(a: SpanNode, b: SpanNode): number {
  return startOf(a.span) - startOf(b.span);
}

/**
 * Arranges spans into trees. A span whose parent is not among `spans` becomes a root, so a partial
 * set (one run out of a larger distributed trace) still renders as a tree instead of disappearing.
 */
export function buildSpanTrees(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) {
    const ctx = span.spanContext();
    nodes.set(`${ctx.traceId}/${ctx.spanId}`, { span, children: [] });
  }
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanContext;
    const parentNode = parent ? nodes.get(`${parent.traceId}/${parent.spanId}`) : undefined;
    if (parentNode) parentNode.children.push(node);
    else roots.push(node);
  }
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

/** Every node of the trees, parents before children. */
export function* walkSpanTrees(roots: readonly SpanNode[]): Generator<{ node: SpanNode; ancestors: SpanNode[] }> {
  const stack: { node: SpanNode; ancestors: SpanNode[] }[] = [...roots]
    .reverse()
    .map((node) => ({ node, ancestors: [] }));
  while (stack.length > 0) {
    const entry = stack.pop()!;
    yield entry;
    const ancestors = [...entry.ancestors, entry.node];
    for (let i = entry.node.children.length - 1; i >= 0; i--) {
      stack.push({ node: entry.node.children[i]!, ancestors });
    }
  }
}
