import type { HandlerRecord, HandlerStatus } from "../api.js";
import { duration, time } from "../format.js";
import { html } from "../html.js";
import { href } from "../route.js";
import { PAGE_SIZE } from "./run-page.js";
import { useRunPage } from "./use-run-page.js";

const STATUSES: HandlerStatus[] = ["running", "waiting", "completed", "failed", "cancelled"];

function took(r: HandlerRecord): string {
  const end = r.completed_at ? Date.parse(r.completed_at) : Date.now();
  return duration(end - Date.parse(r.started_at));
}

export interface RunListProps {
  workflows: string[];
  /** Fixed by the page (a workflow's own list), else read from the query. */
  workflow?: string;
  query: URLSearchParams;
  base: string[];
}

/**
 * The runs, newest first, filtered by workflow and status and paged; polled so new runs and changes show. The URL
 * keeps the page and, when the server pages, the cursors that led to it (so Previous needs no request).
 */
export function RunList({ workflows, workflow, query, base }: RunListProps) {
  const wf = workflow ?? query.get("workflow") ?? "";
  const status = query.get("status") ?? "";
  const cursors = (query.get("cursors") ?? "").split(",").filter(Boolean);
  const page = Math.max(0, Number(query.get("page") ?? 0) || 0);
  const { value, error } = useRunPage({ workflow: wf, status, page, cursor: cursors.at(-1) });
  const go = (change: Record<string, string | undefined>) => {
    location.hash = href(base, { workflow: workflow ? undefined : wf, status, ...change });
  };
  const turn = (by: 1 | -1) => {
    const next = page + by;
    const trail = by === 1 ? (value?.nextCursor ? [...cursors, value.nextCursor] : cursors) : cursors.slice(0, -1);
    go({ page: next ? String(next) : undefined, cursors: trail.length ? trail.join(",") : undefined });
  };
  const runs = value?.runs ?? [];
  const count = value === undefined ? "loading…" : value.total !== undefined ? `${value.total} run${value.total === 1 ? "" : "s"}` : `runs ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + runs.length}`;
  const pages = value?.total !== undefined ? ` of ${Math.max(1, Math.ceil(value.total / PAGE_SIZE))}` : "";
  return html`<div class="run-list">
    <div class="filters" role="group" aria-label="Filter runs">
      ${workflow
        ? null
        : html`<label>Workflow <select aria-label="Workflow" value=${wf} onChange=${(e: Event) => go({ workflow: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="">all</option>${workflows.map((w) => html`<option value=${w}>${w}</option>`)}</select></label>`}
      <label>Status <select aria-label="Status" value=${status} onChange=${(e: Event) => go({ status: (e.target as HTMLSelectElement).value || undefined })}>
        <option value="">all</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <span class="muted" aria-live="polite">${count}</span>
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <table class="runs">
      <thead><tr><th scope="col">Run</th><th scope="col">Workflow</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Took</th></tr></thead>
      <tbody>${runs.map(
        (r) => html`<tr key=${r.handler_id} data-run=${r.handler_id} data-status=${r.status}>
          <td><a href=${href(["runs", r.handler_id])}>${r.handler_id.slice(0, 8)}</a></td><td>${r.workflow_name}</td>
          <td><span class=${`status ${r.status}`}>${r.status}</span></td><td>${time(r.started_at)}</td><td>${took(r)}</td></tr>`,
      )}</tbody>
    </table>
    <nav class="pager" aria-label="Pages of runs">
      <button type="button" disabled=${page === 0} onClick=${() => turn(-1)}>Previous</button>
      <span>Page ${page + 1}${pages}</span>
      <button type="button" disabled=${!value?.hasNext} onClick=${() => turn(1)}>Next</button>
    </nav>
  </div>`;
}
