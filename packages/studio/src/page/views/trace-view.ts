import { get, type Span } from "../api.js";
import { html } from "../html.js";
import { Timeline } from "../timeline/timeline.js";
import { usePoll } from "../use-poll.js";

/** One stored trace's timeline, whatever service sent it. */
export function TraceView({ traceId }: { traceId: string }) {
  const { value, error } = usePoll((signal) => get<{ spans: Span[] }>(`/studio/api/traces/${encodeURIComponent(traceId)}`, signal), [traceId], 2000);
  return html`<section aria-labelledby="trace-title"><h1 id="trace-title">Trace <code>${traceId}</code></h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div class="panel">${value ? html`<${Timeline} spans=${value.spans} />` : html`<p class="muted">Loading…</p>`}</div></section>`;
}
