import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Span } from "../api.js";
import { duration } from "../format.js";
import { html } from "../html.js";
import { orderSpans } from "./order-spans.js";
import { SpanDetails } from "./span-details.js";
import { factsOf, type SpanFacts } from "./span-facts.js";

function summary(f: SpanFacts, name: string): string {
  const parts: string[] = [];
  if (f.model && !name.includes(f.model)) parts.push(f.model);
  if (f.inputTokens !== undefined || f.outputTokens !== undefined) parts.push(`${f.inputTokens ?? "?"} → ${f.outputTokens ?? "?"} tokens`);
  if (f.retried) parts.push(`attempt ${f.attempt ?? "?"}`);
  return parts.join(" · ");
}

const ROW = 24;
const OVERSCAN = 12;
const KEYS: Record<string, (i: number, n: number, page: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  PageDown: (i, n, page) => Math.min(i + page, n - 1),
  PageUp: (i, _n, page) => Math.max(i - page, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/** A waterfall of a trace's spans: one row per span, nested under its parent, its bar placed on the trace's time. */
export function Timeline({ spans }: { spans: readonly Span[] }) {
  // Once per set of spans, not per scroll: a render then only touches the rows in view.
  const { rows, start, total } = useMemo(() => {
    let first = Infinity;
    let end = -Infinity;
    for (const s of spans) {
      first = Math.min(first, s.startMs);
      end = Math.max(end, s.endMs);
    }
    return { rows: orderSpans(spans), start: first, total: Math.max(end - first, 0.001) };
  }, [spans]);
  const [selected, setSelected] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const box = useRef<HTMLDivElement>(null);
  // Only the rows in view (and a few around them) are in the page, so thousands of spans render as fast as fifty.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const row = el.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (row && el.contains(document.activeElement)) row.focus();
  }, [active, scroll.top]);
  if (rows.length === 0) return html`<p class="muted">No spans yet.</p>`;
  const chosen = selected === undefined ? undefined : spans.find((s) => s.spanId === selected);
  const first = Math.max(0, Math.floor(scroll.top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scroll.top + scroll.height) / ROW) + OVERSCAN);
  // Arrow keys, Page keys, Home and End move between rows: one tab stop for the whole timeline.
  const key = (e: KeyboardEvent) => {
    const move = KEYS[e.key];
    const el = box.current;
    if (!move || !el) return;
    e.preventDefault();
    // From the focused row itself: a key pressed right after a click may come before the state it set.
    const from = Number((e.target as HTMLElement).closest("[data-index]")?.getAttribute("data-index") ?? active);
    const next = move(from, rows.length, Math.max(1, Math.floor(el.clientHeight / ROW) - 1));
    if (next * ROW < el.scrollTop) el.scrollTop = next * ROW;
    else if ((next + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (next + 1) * ROW - el.clientHeight;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
    setActive(next);
  };
  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLDivElement;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  };
  return html`<div class="timeline-wrap">
    <div class="timeline" ref=${box} role="list" aria-label=${`Timeline, ${rows.length} spans over ${duration(total)}`} data-count=${rows.length}
      onKeyDown=${key} onScroll=${onScroll} style=${`height:${Math.min(rows.length * ROW + 2, 640)}px`}>
      <div class="timeline-inner" style=${`height:${rows.length * ROW}px`}>
      ${rows.slice(first, last).map(({ span, depth }, k) => {
        const i = first + k;
        const f = factsOf(span);
        const left = ((span.startMs - start) / total) * 100;
        const width = Math.max(((span.endMs - span.startMs) / total) * 100, 0.2);
        return html`<div role="listitem" key=${span.spanId} class="span-slot" style=${`top:${i * ROW}px`} aria-setsize=${rows.length} aria-posinset=${i + 1}><button type="button" tabIndex=${i === active ? 0 : -1} data-index=${i}
            class=${`span-row role-${f.role}${f.error ? " has-error" : ""}${span.spanId === selected ? " selected" : ""}`}
            data-span=${span.spanId} aria-pressed=${span.spanId === selected} onFocus=${() => setActive(i)} onClick=${() => {
              setActive(i);
              setSelected(span.spanId);
            }}>
          <span class="span-label" style=${`padding-left:${depth * 14}px`}>
            <span class="role">${f.role}</span> <span class="span-name">${span.name}</span> <span class="span-facts">${summary(f, span.name)}</span>
          </span>
          <span class="span-track"><span class="span-bar" style=${`left:${left}%;width:${width}%`}></span></span>
          <span class="span-time">${duration(span.endMs - span.startMs)}</span>
        </button></div>`;
      })}
      </div>
    </div>
    ${chosen ? html`<${SpanDetails} key=${chosen.spanId} span=${chosen} />` : html`<p class="muted">Choose a span to see its details.</p>`}
  </div>`;
}
