import type { Graph } from "../api.js";
import { html } from "../html.js";
import { layoutGraph } from "./layout-graph.js";

/** The workflow's steps and events as an SVG; `taken` (node ids) marks the path a run took. */
export function WorkflowGraph({ graph, taken, label }: { graph: Graph; taken?: Set<string>; label: string }) {
  const { nodes, width, height } = layoutGraph(graph);
  const at = new Map(nodes.map((n) => [n.id, n]));
  return html`<svg class="graph" role="img" aria-label=${label} viewBox=${`0 0 ${width} ${height}`} width=${width} height=${height}>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" /></marker></defs>
    ${graph.edges.map((e) => {
      const a = at.get(e.source);
      const b = at.get(e.target);
      if (!a || !b) return null;
      const on = taken?.has(e.source) && taken.has(e.target);
      return html`<line class=${on ? "edge taken" : "edge"} x1=${a.x + a.width} y1=${a.y + 18} x2=${b.x} y2=${b.y + 18} marker-end="url(#arrow)" />`;
    })}
    ${nodes.map(
      (n) => html`<g class=${`node ${n.kind}${taken?.has(n.id) ? " taken" : ""}`} data-node=${n.id}>
        <rect x=${n.x} y=${n.y} width=${n.width} height="36" rx=${n.kind === "step" ? 4 : 18} />
        <text x=${n.x + n.width / 2} y=${n.y + 22} text-anchor="middle">${n.label.length > 22 ? `${n.label.slice(0, 21)}…` : n.label}</text>
        <title>${n.kind}: ${n.label}</title></g>`,
    )}
  </svg>`;
}
