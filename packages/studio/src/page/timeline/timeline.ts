import { useMemo, useState } from "preact/hooks";
import type { Span } from "../api.js";
import { duration } from "../format.js";
import { html } from "../html.js";
import { orderSpans } from "./order-spans.js";
import { SpanDetails } from "./span-details.js";
import { factsOf, type SpanFacts } from "./span-facts.js";

function summary(f: SpanFacts): string {
  const parts: string[] = [];
  if (f.model) parts.push(f.model);
  if (f.inputTokens !== undefined || f.outputTokens !== undefined) parts.push(`${f.inputTokens ?? "?"} → ${f.outputTokens ?? "?"} tokens`);
  if (f.retried) parts.push(`attempt ${f.attempt ?? "?"}`);
  return parts.join(" · ");
}

// Arrow keys move between rows: a timeline of thousands of spans has one tab stop, not thousands.
function moveFocus(e: KeyboardEvent) {
  const row = (e.target as HTMLElement).closest<HTMLElement>(".span-row");
  if (!row) return;
  const rows = [...row.closest(".timeline")!.querySelectorAll<HTMLElement>(".span-row")];
  const i = rows.indexOf(row);
  const next = e.key === "ArrowDown" ? rows[i + 1] : e.key === "ArrowUp" ? rows[i - 1] : e.key === "Home" ? rows[0] : e.key === "End" ? rows.at(-1) : undefined;
  if (!next) return;
  e.preventDefault();
  row.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

/** A waterfall of a trace's spans: one row per span, nested under its parent, its bar placed on the trace's time. */
export function Timeline({ spans }: { spans: readonly Span[] }) {
  const rows = useMemo(() => orderSpans(spans), [spans]);
  const [selected, setSelected] = useState<string | undefined>();
  if (rows.length === 0) return html`<p class="muted">No spans yet.</p>`;
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    start = Math.min(start, s.startMs);
    end = Math.max(end, s.endMs);
  }
  const total = Math.max(end - start, 0.001);
  const chosen = spans.find((s) => s.spanId === selected);
  return html`<div class="timeline-wrap">
    <div class="timeline" role="list" aria-label=${`Timeline, ${rows.length} spans over ${duration(total)}`} onKeyDown=${moveFocus}>
      ${rows.map(({ span, depth }, i) => {
        const f = factsOf(span);
        const left = ((span.startMs - start) / total) * 100;
        const width = Math.max(((span.endMs - span.startMs) / total) * 100, 0.2);
        return html`<div role="listitem" key=${span.spanId}><button type="button" tabIndex=${i === 0 ? 0 : -1}
            class=${`span-row role-${f.role}${f.error ? " has-error" : ""}${span.spanId === selected ? " selected" : ""}`}
            data-span=${span.spanId} aria-pressed=${span.spanId === selected} onClick=${() => setSelected(span.spanId)}>
          <span class="span-label" style=${`padding-left:${depth * 14}px`}>
            <span class="role">${f.role}</span> <span class="span-name">${span.name}</span> <span class="span-facts">${summary(f)}</span>
          </span>
          <span class="span-track"><span class="span-bar" style=${`left:${left}%;width:${width}%`}></span></span>
          <span class="span-time">${duration(span.endMs - span.startMs)}</span>
        </button></div>`;
      })}
    </div>
    ${chosen ? html`<${SpanDetails} span=${chosen} />` : html`<p class="muted">Choose a span to see its details.</p>`}
  </div>`;
}
