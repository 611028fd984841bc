import type { OtlpJson } from "./otlp-json.js";
import { readFields, type ProtoField } from "./protobuf-reader.js";

// Field numbers from opentelemetry/proto trace/v1, common/v1 and resource/v1; unknown fields are skipped.
const text = new TextDecoder("utf-8", { fatal: false });
const str = (f: ProtoField): string => (f.wire === 2 ? text.decode(f.value) : "");
const hex = (f: ProtoField): string => (f.wire === 2 ? Buffer.from(f.value).toString("hex") : "");
const fixed64 = (f: ProtoField): string => (f.wire === 1 ? f.value.getBigUint64(0, true).toString() : "0");
const sub = (f: ProtoField, where: string): ProtoField[] => (f.wire === 2 ? readFields(f.value, where) : []);

function anyValue(fields: ProtoField[], where: string): OtlpJson.AnyValue {
  for (const f of fields) {
    if (f.no === 1) return { stringValue: str(f) };
    if (f.no === 2 && f.wire === 0) return { boolValue: f.value !== 0n };
    if (f.no === 3 && f.wire === 0) return { intValue: BigInt.asIntN(64, f.value).toString() };
    if (f.no === 4 && f.wire === 1) return { doubleValue: f.value.getFloat64(0, true) };
    if (f.no === 5) return { arrayValue: { values: sub(f, where).filter((v) => v.no === 1).map((v) => anyValue(sub(v, where), where)) } };
    if (f.no === 6) return { kvlistValue: { values: keyValues(sub(f, where), 1, where) } };
    if (f.no === 7 && f.wire === 2) return { bytesValue: Buffer.from(f.value).toString("base64") };
  }
  return {};
}

function keyValues(fields: ProtoField[], no: number, where: string): OtlpJson.KeyValue[] {
  return fields
    .filter((f) => f.no === no)
    .map((f) => {
      const kv = sub(f, where);
      const key = kv.find((k) => k.no === 1);
      const value = kv.find((k) => k.no === 2);
      return { key: key ? str(key) : "", value: value ? anyValue(sub(value, where), where) : {} };
    });
}

function span(fields: ProtoField[], where: string): OtlpJson.Span {
  const out: OtlpJson.Span = { traceId: "", spanId: "", name: "", attributes: [], events: [] };
  for (const f of fields) {
    if (f.no === 1) out.traceId = hex(f);
    else if (f.no === 2) out.spanId = hex(f);
    else if (f.no === 4) out.parentSpanId = hex(f);
    else if (f.no === 5) out.name = str(f);
    else if (f.no === 6 && f.wire === 0) out.kind = Number(f.value);
    else if (f.no === 7) out.startTimeUnixNano = fixed64(f);
    else if (f.no === 8) out.endTimeUnixNano = fixed64(f);
    else if (f.no === 11) {
      const ev = sub(f, `${where}.events`);
      const time = ev.find((e) => e.no === 1);
      const name = ev.find((e) => e.no === 2);
      out.events!.push({ timeUnixNano: time ? fixed64(time) : "0", name: name ? str(name) : "", attributes: keyValues(ev, 3, where) });
    } else if (f.no === 15) {
      const status = sub(f, `${where}.status`);
      const message = status.find((s) => s.no === 2);
      const code = status.find((s) => s.no === 3);
      out.status = { message: message ? str(message) : "", code: code?.wire === 0 ? Number(code.value) : 0 };
    }
  }
  out.attributes = keyValues(fields, 9, where);
  return out;
}

/** Reads an `application/x-protobuf` ExportTraceServiceRequest into the OTLP/JSON shape. */
export function decodeOtlpProtobuf(body: Uint8Array): OtlpJson.Request {
  const resourceSpans = readFields(body, "ExportTraceServiceRequest")
    .filter((f) => f.no === 1)
    .map((rs, i) => {
      const where = `resourceSpans[${i}]`;
      const fields = sub(rs, where);
      const resource = fields.find((f) => f.no === 1);
      return {
        resource: { attributes: resource ? keyValues(sub(resource, `${where}.resource`), 1, where) : [] },
        scopeSpans: fields
          .filter((f) => f.no === 2)
          .map((ss, j) => {
            const scopeWhere = `${where}.scopeSpans[${j}]`;
            const scopeFields = sub(ss, scopeWhere);
            const scope = scopeFields.find((f) => f.no === 1);
            const name = scope ? sub(scope, scopeWhere).find((f) => f.no === 1) : undefined;
            return {
              scope: { name: name ? str(name) : "" },
              spans: scopeFields.filter((f) => f.no === 2).map((s, k) => span(sub(s, `${scopeWhere}.spans[${k}]`), `${scopeWhere}.spans[${k}]`)),
            };
          }),
      };
    });
  return { resourceSpans };
}
