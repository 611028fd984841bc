import { get, type Span } from "../api.js";
import { duration, json } from "../format.js";
import { html } from "../html.js";
import { usePoll } from "../use-poll.js";
import { factsOf } from "./span-facts.js";

const PROMPT = ["input.value", "llm.input_messages", "gen_ai.input.messages"];
const COMPLETION = ["output.value", "llm.output_messages", "gen_ai.output.messages"];

/**
 * One span in full: the model's prompt and completion (as redaction left them), attributes, events, status. The
 * timeline holds the brief form of its spans; the whole span is loaded here, once, when it is chosen.
 */
export function SpanDetails({ span: brief }: { span: Span }) {
  const path = `/studio/api/traces/${brief.traceId}/spans/${brief.spanId}`;
  const whole = usePoll((signal) => get<Span>(path, signal), [path], 0, false);
  const span = whole.value ?? brief;
  const f = factsOf(span);
  const first = (keys: string[]) => keys.map((k) => span.attributes[k]).find((v) => v !== undefined);
  const prompt = first(PROMPT);
  const completion = first(COMPLETION);
  return html`<section class="span-details" aria-label=${`Details of ${span.name}`}>
    <h3>${span.name}</h3>
    <dl class="facts">
      <dt>Duration</dt><dd>${duration(span.endMs - span.startMs)}</dd>
      <dt>Service</dt><dd>${span.service || "—"}</dd>
      ${f.model ? html`<dt>Model</dt><dd>${f.model}</dd>` : null}
      ${f.inputTokens !== undefined ? html`<dt>Tokens in / out</dt><dd>${f.inputTokens} / ${f.outputTokens ?? "?"}</dd>` : null}
      ${f.attempt ? html`<dt>Attempt</dt><dd>${f.attempt}</dd>` : null}
      <dt>Status</dt><dd class=${f.error ? "error" : ""}>${["unset", "ok", "error"][span.status.code] ?? span.status.code}${span.status.message ? `: ${span.status.message}` : ""}</dd>
    </dl>
    ${whole.error ? html`<p class="error" role="alert">The span's details did not load: ${whole.error}</p>` : whole.value ? null : html`<p class="muted">Loading its details…</p>`}
    ${prompt !== undefined ? html`<h4>Prompt</h4><pre>${json(prompt)}</pre>` : null}
    ${completion !== undefined ? html`<h4>Completion</h4><pre>${json(completion)}</pre>` : null}
    ${span.events.length
      ? html`<h4>Events</h4><ul>${span.events.map((e) => html`<li><strong>${e.name}</strong> <pre>${json(e.attributes)}</pre></li>`)}</ul>`
      : null}
    <h4>Attributes</h4>
    <table class="attributes"><tbody>${Object.entries(span.attributes)
      .filter(([k]) => !PROMPT.includes(k) && !COMPLETION.includes(k))
      .map(([k, v]) => html`<tr><th scope="row">${k}</th><td><pre>${json(v)}</pre></td></tr>`)}</tbody></table>
  </section>`;
}
