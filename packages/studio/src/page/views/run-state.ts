import { get } from "../api.js";
import { json } from "../format.js";
import { html } from "../html.js";
import { usePoll } from "../use-poll.js";

interface ContextDict {
  state?: unknown;
  store?: unknown;
  run?: { waiters?: { step: string; eventType: string }[] } | null;
}

/**
 * The run's state and store from the server's `GET /handlers/{id}/context`: live while the run goes on, then (loaded
 * once more as it ends) as its last completed step left them, which the server reads from the run's journal.
 */
export function RunState({ handlerId, live }: { handlerId: string; live: boolean }) {
  const { value, error } = usePoll(
    (signal) => get<{ context: ContextDict | null }>(`/handlers/${encodeURIComponent(handlerId)}/context`, signal),
    [handlerId],
    1500,
    live,
  );
  if (error && !value) return html`<p class="error" role="alert">The server gives no state for this run: ${error}</p>`;
  if (!value?.context) return html`<p class="muted">Loading…</p>`;
  const { state, store, run } = value.context;
  const waiters = run?.waiters ?? [];
  return html`<div class="run-state">
    <p class="muted">${live ? "Live: refreshed while the run goes on." : "As the run's last completed step left them."}</p>
    <h3>State</h3><pre data-testid="run-state">${json(state ?? null)}</pre>
    <h3>Store</h3><pre data-testid="run-store">${json(store ?? {})}</pre>
    ${waiters.length ? html`<h3>Steps waiting</h3><ul>${waiters.map((w) => html`<li><code>${w.step}</code> waits for <code>${w.eventType}</code></li>`)}</ul>` : null}
  </div>`;
}
