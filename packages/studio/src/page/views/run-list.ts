import { get, type HandlerRecord, type HandlerStatus } from "../api.js";
import { duration, time } from "../format.js";
import { html } from "../html.js";
import { href } from "../route.js";
import { usePoll } from "../use-poll.js";

const STATUSES: HandlerStatus[] = ["running", "waiting", "completed", "failed", "cancelled"];
export const PAGE_SIZE = 50;

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

/** The runs, newest first, filtered by workflow and status and paged; polled so new runs and changes show. */
export function RunList({ workflows, workflow, query, base }: RunListProps) {
  const wf = workflow ?? query.get("workflow") ?? "";
  const status = query.get("status") ?? "";
  const page = Math.max(0, Number(query.get("page") ?? 0) || 0);
  const { value, error } = usePoll(
    async (signal) => {
      const q = new URLSearchParams();
      if (wf) q.set("workflow_name", wf);
      if (status) q.set("status", status);
      const { handlers } = await get<{ handlers: HandlerRecord[] }>(`/handlers?${q}`, signal);
      return handlers.sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0));
    },
    [wf, status],
    1500,
  );
  const go = (change: Record<string, string | undefined>) => {
    location.hash = href(base, { workflow: workflow ? undefined : wf, status, page: undefined, ...change });
  };
  const runs = value ?? [];
  const pages = Math.max(1, Math.ceil(runs.length / PAGE_SIZE));
  const shown = runs.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  return html`<div class="run-list">
    <div class="filters" role="group" aria-label="Filter runs">
      ${workflow
        ? null
        : html`<label>Workflow <select aria-label="Workflow" value=${wf} onChange=${(e: Event) => go({ workflow: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="">all</option>${workflows.map((w) => html`<option value=${w}>${w}</option>`)}</select></label>`}
      <label>Status <select aria-label="Status" value=${status} onChange=${(e: Event) => go({ status: (e.target as HTMLSelectElement).value || undefined })}>
        <option value="">all</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <span class="muted" aria-live="polite">${value ? `${runs.length} run${runs.length === 1 ? "" : "s"}` : "loading…"}</span>
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <table class="runs">
      <thead><tr><th scope="col">Run</th><th scope="col">Workflow</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Took</th></tr></thead>
      <tbody>${shown.map(
        (r) => html`<tr data-run=${r.handler_id} data-status=${r.status}>
          <td><a href=${href(["runs", r.handler_id])}>${r.handler_id.slice(0, 8)}</a></td><td>${r.workflow_name}</td>
          <td><span class=${`status ${r.status}`}>${r.status}</span></td><td>${time(r.started_at)}</td><td>${took(r)}</td></tr>`,
      )}</tbody>
    </table>
    <nav class="pager" aria-label="Pages of runs">
      <button type="button" disabled=${page === 0} onClick=${() => go({ page: String(page - 1) })}>Previous</button>
      <span>Page ${Math.min(page + 1, pages)} of ${pages}</span>
      <button type="button" disabled=${page + 1 >= pages} onClick=${() => go({ page: String(page + 1) })}>Next</button>
    </nav>
  </div>`;
}
