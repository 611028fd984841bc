import type { Graph, GraphNode } from "../api.js";

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
}

/**
 * Layers the nodes left to right by their distance from the sources (nodes nothing points to); edges back to an
 * earlier layer (a retry loop, a question asked again) are drawn as they are instead of breaking the layering.
 */
export function layoutGraph(graph: Graph): { nodes: PlacedNode[]; width: number; height: number } {
  const incoming = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const e of graph.edges) incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
  const layer = new Map<string, number>();
  let frontier = graph.nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  if (frontier.length === 0 && graph.nodes[0]) frontier = [graph.nodes[0].id];
  for (const id of frontier) layer.set(id, 0);
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of graph.edges) {
        if (e.source !== id || layer.has(e.target)) continue;
        layer.set(e.target, layer.get(id)! + 1);
        next.push(e.target);
      }
    }
    frontier = next;
  }
  let maxLayer = Math.max(0, ...layer.values());
  for (const n of graph.nodes) if (!layer.has(n.id)) layer.set(n.id, ++maxLayer);
  const rows = new Map<number, number>();
  const colWidth = 170;
  const nodes = graph.nodes.map((n) => {
    const l = layer.get(n.id)!;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    return { ...n, x: 10 + l * colWidth, y: 10 + row * 56, width: 150 };
  });
  return { nodes, width: 20 + (maxLayer + 1) * colWidth, height: 20 + Math.max(1, ...rows.values()) * 56 };
}
