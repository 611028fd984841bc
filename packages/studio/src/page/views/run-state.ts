import { get } from "../api.js";
import { json } from "../format.js";
import { html } from "../html.js";
import { usePoll } from "../use-poll.js";

interface ContextDict {
  state?: unknown;
  store?: unknown;
  [key: string]: unknown;
}

/** The run's state and store, from the server's `GET /handlers/{id}/context`, refreshed while the run goes on. */
export function RunState({ handlerId, live }: { handlerId: string; live: boolean }) {
  const { value, error } = usePoll(
    (signal) => get<{ context: ContextDict | null }>(`/handlers/${encodeURIComponent(handlerId)}/context`, signal),
    [handlerId],
    1500,
    live,
  );
  if (error && !value) return html`<p class="muted">The server gives no context for this run (${error}).</p>`;
  if (!value) return html`<p class="muted">Loading…</p>`;
  if (!value.context) return html`<p class="muted">The run has ended; the server keeps a run's state and store only while it runs or waits.</p>`;
  return html`<div class="run-state">
    <h3>State</h3><pre data-testid="run-state">${json(value.context.state ?? null)}</pre>
    <h3>Store</h3><pre data-testid="run-store">${json(value.context.store ?? {})}</pre>
  </div>`;
}
