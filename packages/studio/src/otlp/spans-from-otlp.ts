import type { SpanValue, StoredSpan } from "../spans/stored-span.js";
import { OtlpDecodeError } from "./otlp-decode-error.js";
import type { OtlpJson } from "./otlp-json.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const array = <T>(v: unknown, where: string): T[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an array`);
  return v as T[];
};

function value(v: OtlpJson.AnyValue | undefined, where: string): SpanValue {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  if (v.stringValue !== undefined) return String(v.stringValue);
  if (v.boolValue !== undefined) return Boolean(v.boolValue);
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue !== undefined) return array<OtlpJson.AnyValue>(v.arrayValue?.values, `${where}.arrayValue.values`).map((x) => value(x, where));
  if (v.kvlistValue !== undefined) return attributes(v.kvlistValue?.values, `${where}.kvlistValue.values`);
  if (v.bytesValue !== undefined) return String(v.bytesValue);
  return null;
}

function attributes(list: unknown, where: string): Record<string, SpanValue> {
  const out: Record<string, SpanValue> = {};
  for (const [i, kv] of array<OtlpJson.KeyValue>(list, where).entries()) {
    if (!isObject(kv) || typeof kv.key !== "string") throw new OtlpDecodeError(`${where}[${i}] must be { key, value }`);
    out[kv.key] = value(kv.value, `${where}[${i}].value`);
  }
  return out;
}

function id(v: unknown, hexDigits: number, where: string, optional = false): string {
  if ((v === undefined || v === "") && optional) return "";
  if (typeof v !== "string" || v.length !== hexDigits || !/^[0-9a-fA-F]+$/.test(v)) {
    throw new OtlpDecodeError(`${where} must be ${hexDigits} hex digits, got ${JSON.stringify(v)?.slice(0, 80)}`);
  }
  return v.toLowerCase();
}

function millis(v: unknown, where: string): number {
  if (v === undefined) return 0;
  if ((typeof v !== "string" || !/^\d+$/.test(v)) && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
    throw new OtlpDecodeError(`${where} must be unsigned nanoseconds, got ${JSON.stringify(v)?.slice(0, 80)}`);
  }
  // Whole microseconds through BigInt: a nanosecond count overflows a double's exact range.
  return Number(BigInt(typeof v === "number" ? Math.trunc(v) : v) / 1000n) / 1000;
}

/** The spans of an OTLP request (JSON, or protobuf already read into the JSON shape), checked field by field. */
export function spansFromOtlp(request: unknown): StoredSpan[] {
  if (!isObject(request)) throw new OtlpDecodeError("the body must be an ExportTraceServiceRequest object");
  const spans: StoredSpan[] = [];
  for (const [i, rs] of array<Record<string, unknown>>(request.resourceSpans, "resourceSpans").entries()) {
    const where = `resourceSpans[${i}]`;
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined, `${where}.resource.attributes`);
    const service = typeof resource["service.name"] === "string" ? resource["service.name"] : "";
    for (const [j, ss] of array<Record<string, unknown>>(rs.scopeSpans, `${where}.scopeSpans`).entries()) {
      const scope = isObject(ss.scope) && typeof ss.scope.name === "string" ? ss.scope.name : "";
      for (const [k, s] of array<OtlpJson.Span>(ss.spans, `${where}.scopeSpans[${j}].spans`).entries()) {
        const at = `${where}.scopeSpans[${j}].spans[${k}]`;
        if (!isObject(s)) throw new OtlpDecodeError(`${at} must be an object`);
        spans.push({
          traceId: id(s.traceId, 32, `${at}.traceId`),
          spanId: id(s.spanId, 16, `${at}.spanId`),
          parentSpanId: id(s.parentSpanId, 16, `${at}.parentSpanId`, true),
          name: String(s.name ?? ""),
          kind: Math.max(0, Number(s.kind ?? 1) - 1),
          startMs: millis(s.startTimeUnixNano, `${at}.startTimeUnixNano`),
          endMs: millis(s.endTimeUnixNano, `${at}.endTimeUnixNano`),
          attributes: attributes(s.attributes, `${at}.attributes`),
          events: array<OtlpJson.Event>(s.events, `${at}.events`).map((e, n) => ({
            name: String(e?.name ?? ""),
            timeMs: millis(e?.timeUnixNano, `${at}.events[${n}].timeUnixNano`),
            attributes: attributes(e?.attributes, `${at}.events[${n}].attributes`),
          })),
          status: { code: Number(s.status?.code ?? 0), message: String(s.status?.message ?? "") },
          service,
          scope,
        });
      }
    }
  }
  return spans;
}
