/** OTLP/JSON as the OpenTelemetry protocol spec writes it (ids in hex, 64-bit numbers as strings or numbers). */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace OtlpJson {
  export interface AnyValue {
    stringValue?: string;
    boolValue?: boolean;
    intValue?: string | number;
    doubleValue?: number;
    arrayValue?: { values?: AnyValue[] };
    kvlistValue?: { values?: KeyValue[] };
    bytesValue?: string;
  }
  export interface KeyValue {
    key: string;
    value?: AnyValue;
  }
  export interface Event {
    timeUnixNano?: string | number;
    name?: string;
    attributes?: KeyValue[];
  }
  export interface Span {
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    kind?: number;
    startTimeUnixNano?: string | number;
    endTimeUnixNano?: string | number;
    attributes?: KeyValue[];
    events?: Event[];
    status?: { code?: number; message?: string };
  }
  export interface Request {
    resourceSpans?: {
      resource?: { attributes?: KeyValue[] };
      scopeSpans?: { scope?: { name?: string }; spans?: Span[] }[];
    }[];
  }
}
