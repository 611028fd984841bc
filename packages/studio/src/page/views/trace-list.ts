import { get, type TraceSummary } from "../api.js";
import { duration, time } from "../format.js";
import { html } from "../html.js";
import { href } from "../route.js";
import { usePoll } from "../use-poll.js";

/** Every stored trace, also those other services sent to `POST /v1/traces`. */
export function TraceList() {
  const { value, error } = usePoll((signal) => get<{ traces: TraceSummary[] }>("/studio/api/traces?limit=200", signal), [], 2000);
  return html`<section aria-labelledby="traces-title"><h1 id="traces-title">Traces</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <table class="runs"><thead><tr><th scope="col">Trace</th><th scope="col">Service</th><th scope="col">Spans</th><th scope="col">Errors</th><th scope="col">Started</th><th scope="col">Took</th></tr></thead>
    <tbody>${(value?.traces ?? []).map(
      (t) => html`<tr><td><a href=${href(["traces", t.traceId])}>${t.name}</a></td><td>${t.service}</td><td>${t.spanCount}</td>
        <td>${t.errorCount || ""}</td><td>${time(new Date(t.startMs).toISOString())}</td><td>${duration(t.endMs - t.startMs)}</td></tr>`,
    )}</tbody></table></section>`;
}
