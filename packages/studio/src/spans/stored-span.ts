/** An attribute value as OpenTelemetry allows it (arrays of one primitive type), or nested OTLP values. */
export type SpanValue = string | number | boolean | null | SpanValue[] | { [key: string]: SpanValue };

export interface StoredSpanEvent {
  name: string;
  /** Epoch milliseconds, with microseconds as the fraction. */
  timeMs: number;
  attributes: Record<string, SpanValue>;
}

/** One finished span as Studio keeps it, whether it came from this process or over OTLP. */
export interface StoredSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OpenTelemetry's `SpanKind` number (0 internal, 1 server, 2 client, 3 producer, 4 consumer). */
  kind: number;
  /** Epoch milliseconds, with microseconds as the fraction. */
  startMs: number;
  endMs: number;
  attributes: Record<string, SpanValue>;
  events: StoredSpanEvent[];
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  /** `service.name` of the resource that made the span. */
  service: string;
  /** The instrumentation scope's name (`@weft/workflows`, `@weft/llm`, …). */
  scope: string;
}
