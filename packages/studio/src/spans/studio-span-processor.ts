import type { Attributes, Context, HrTime } from "@opentelemetry/api";
import type { TraceStore } from "../store/trace-store.js";
import type { FinishedSpan } from "./finished-span.js";
import type { SpanValue, StoredSpan } from "./stored-span.js";

const ms = (t: HrTime): number => t[0] * 1000 + t[1] / 1e6;

function plain(attributes: Attributes | undefined): Record<string, SpanValue> {
  const out: Record<string, SpanValue> = {};
  if (attributes) for (const key of Object.keys(attributes)) out[key] = (attributes[key] ?? null) as SpanValue;
  return out;
}

/** The stored form of an SDK span. */
export function storedSpanOf(span: FinishedSpan): StoredSpan {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? "",
    name: span.name,
    kind: span.kind,
    startMs: ms(span.startTime),
    endMs: ms(span.endTime),
    attributes: plain(span.attributes),
    events: span.events.map((e) => ({ name: e.name, timeMs: ms(e.time), attributes: plain(e.attributes) })),
    status: { code: span.status.code, message: span.status.message ?? "" },
    service: String(span.resource.attributes["service.name"] ?? ""),
    scope: span.instrumentationScope.name,
  };
}

const SERVER = 1;

/** The server's span for a request Studio itself serves (the page, its assets, its API, OTLP exports arriving). */
function studioRequest(span: FinishedSpan): boolean {
  if (span.kind !== SERVER) return false;
  const path = span.attributes["url.path"];
  return path === "/" || path === "/v1/traces" || (typeof path === "string" && path.startsWith("/studio/"));
}

/**
 * A span processor (the SDK's `SpanProcessor` shape) that records this process's finished spans into a trace store.
 * Spans are written in batches after the current turn of the event loop, so a step ending many spans writes once.
 * Requests for Studio itself are left out: the store holds the runs, not the page watching them.
 */
export class StudioSpanProcessor {
  private pending: StoredSpan[] = [];
  private scheduled = false;

  constructor(
    private readonly store: TraceStore,
    private readonly onError: (error: unknown) => void = (error) => console.error("[weft studio]", error),
  ) {}

  onStart(_span: unknown, _parentContext: Context): void {}

  onEnd(span: FinishedSpan): void {
    if (studioRequest(span)) return;
    this.pending.push(storedSpanOf(span));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  forceFlush(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }

  private flush(): void {
    this.scheduled = false;
    const spans = this.pending;
    if (spans.length === 0) return;
    this.pending = [];
    try {
      this.store.add(spans);
    } catch (error) {
      this.onError(error);
    }
  }
}
