import { useState } from "preact/hooks";
import { get, type Span } from "../api.js";
import { html } from "../html.js";
import { Timeline } from "../timeline/timeline.js";
import { usePoll } from "../use-poll.js";

/**
 * One stored trace's timeline, whatever service sent it. Loaded once (a trace of thousands of spans is megabytes),
 * again on Refresh; a run's own page follows its trace live.
 */
export function TraceView({ traceId }: { traceId: string }) {
  const [loads, setLoads] = useState(0);
  const { value, error } = usePoll((signal) => get<{ spans: Span[] }>(`/studio/api/traces/${encodeURIComponent(traceId)}?brief=true`, signal), [traceId, loads], 0, false);
  return html`<section aria-labelledby="trace-title"><h1 id="trace-title">Trace <code>${traceId}</code></h1>
    <p><button type="button" onClick=${() => setLoads((n) => n + 1)}>Refresh</button></p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div class="panel">${value ? html`<${Timeline} spans=${value.spans} />` : html`<p class="muted">Loading…</p>`}</div></section>`;
}
