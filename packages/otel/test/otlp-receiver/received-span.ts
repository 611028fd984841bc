/** An attribute value as received: AnyValue decoded to plain JSON (bytes as `{ bytes: hex }`). */
export type ReceivedValue =
  | string
  | number
  | boolean
  | null
  | ReceivedValue[]
  | { [key: string]: ReceivedValue };

export interface ReceivedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, ReceivedValue>;
}

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, ReceivedValue>;
}

/** One span as the receiver stores it: ids in hex, kind and status code as the OTLP enum numbers. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, ReceivedValue>;
  events: ReceivedEvent[];
  links: ReceivedLink[];
  /** OTLP StatusCode: 0 UNSET, 1 OK, 2 ERROR. */
  status: { code: number; message: string };
  resource: Record<string, ReceivedValue>;
  scope: { name: string; version: string };
  /** How the span arrived. */
  encoding: "protobuf" | "json";
}

/** One POST to /v1/traces, whatever became of it. */
export interface ReceivedRequest {
  contentType: string;
  status: number;
  spans: number;
  error?: string;
}
