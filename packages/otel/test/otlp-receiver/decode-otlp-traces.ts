import protobuf from "protobufjs";
import { otlpTraceDescriptor } from "./otlp-trace-descriptor.js";
import type { ReceivedEvent, ReceivedLink, ReceivedSpan, ReceivedValue } from "./received-span.js";

const root = protobuf.Root.fromJSON(otlpTraceDescriptor);
const ExportRequest = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
const ExportResponse = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");

/** The request could not be decoded; the receiver answers 400 with this message. */
export class OtlpDecodeError extends Error {}

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);

function hexId(value: unknown, bytes: number, where: string, optional = false): string {
  const buffer = value instanceof Uint8Array ? Buffer.from(value) : Buffer.alloc(0);
  if (buffer.length === 0 && optional) return "";
  if (buffer.length !== bytes) throw new OtlpDecodeError(`${where} must be ${bytes} bytes, got ${buffer.length}`);
  return buffer.toString("hex");
}

function anyValue(value: Obj | undefined): ReceivedValue {
  if (!value) return null;
  switch (value["value"]) {
    case "stringValue":
      return value["stringValue"] as string;
    case "boolValue":
      return value["boolValue"] as boolean;
    case "intValue":
      return Number(value["intValue"]);
    case "doubleValue":
      return value["doubleValue"] as number;
    case "arrayValue":
      return list((value["arrayValue"] as Obj | undefined)?.["values"]).map(anyValue);
    case "kvlistValue":
      return attributes((value["kvlistValue"] as Obj | undefined)?.["values"]);
    case "bytesValue":
      return { bytes: Buffer.from(value["bytesValue"] as Uint8Array).toString("hex") };
    default:
      return null;
  }
}

function attributes(keyValues: unknown): Record<string, ReceivedValue> {
  const out: Record<string, ReceivedValue> = {};
  for (const kv of list(keyValues)) out[kv["key"] as string] = anyValue(kv["value"] as Obj | undefined);
  return out;
}

function nanos(value: unknown): string {
  return value === undefined ? "0" : String(value);
}

function flatten(request: Obj, encoding: ReceivedSpan["encoding"]): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of list(request["resourceSpans"])) {
    const resource = attributes((resourceSpans["resource"] as Obj | undefined)?.["attributes"]);
    for (const scopeSpans of list(resourceSpans["scopeSpans"])) {
      const scope = (scopeSpans["scope"] as Obj | undefined) ?? {};
      for (const span of list(scopeSpans["spans"])) {
        const status = (span["status"] as Obj | undefined) ?? {};
        const events: ReceivedEvent[] = list(span["events"]).map((event) => ({
          name: (event["name"] as string | undefined) ?? "",
          timeUnixNano: nanos(event["timeUnixNano"]),
          attributes: attributes(event["attributes"]),
        }));
        const links: ReceivedLink[] = list(span["links"]).map((link) => ({
          traceId: hexId(link["traceId"], 16, "link.traceId"),
          spanId: hexId(link["spanId"], 8, "link.spanId"),
          attributes: attributes(link["attributes"]),
        }));
        spans.push({
          traceId: hexId(span["traceId"], 16, "span.traceId"),
          spanId: hexId(span["spanId"], 8, "span.spanId"),
          parentSpanId: hexId(span["parentSpanId"], 8, "span.parentSpanId", true),
          name: (span["name"] as string | undefined) ?? "",
          kind: (span["kind"] as number | undefined) ?? 0,
          startTimeUnixNano: nanos(span["startTimeUnixNano"]),
          endTimeUnixNano: nanos(span["endTimeUnixNano"]),
          attributes: attributes(span["attributes"]),
          events,
          links,
          status: { code: (status["code"] as number | undefined) ?? 0, message: (status["message"] as string | undefined) ?? "" },
          resource,
          scope: { name: (scope["name"] as string | undefined) ?? "", version: (scope["version"] as string | undefined) ?? "" },
          encoding,
        });
      }
    }
  }
  return spans;
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, oneofs: true, arrays: true };

/** Decodes an `application/x-protobuf` ExportTraceServiceRequest. */
export function decodeProtobufRequest(body: Uint8Array): ReceivedSpan[] {
  let message: protobuf.Message;
  try {
    message = ExportRequest.decode(body);
  } catch (error) {
    throw new OtlpDecodeError(`not an OTLP protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  return flatten(ExportRequest.toObject(message, TO_OBJECT), "protobuf");
}

// OTLP/JSON writes trace and span ids as hex where protobuf's JSON mapping would use base64.
function idsToBytes(request: Obj): void {
  const toBytes = (holder: Obj, field: string): void => {
    const value = holder[field];
    if (value === undefined || value === "") return;
    if (typeof value !== "string" || !/^(?:[0-9a-fA-F]{2})+$/.test(value)) {
      throw new OtlpDecodeError(`${field} must be a hex string in OTLP/JSON, got ${JSON.stringify(value)}`);
    }
    holder[field] = Buffer.from(value, "hex");
  };
  for (const resourceSpans of list(request["resourceSpans"])) {
    for (const scopeSpans of list(resourceSpans["scopeSpans"])) {
      for (const span of list(scopeSpans["spans"])) {
        toBytes(span, "traceId");
        toBytes(span, "spanId");
        toBytes(span, "parentSpanId");
        for (const link of list(span["links"])) {
          toBytes(link, "traceId");
          toBytes(link, "spanId");
        }
      }
    }
  }
}

/** Decodes an `application/json` ExportTraceServiceRequest (OTLP/JSON encoding). */
export function decodeJsonRequest(body: Uint8Array): ReceivedSpan[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch (error) {
    throw new OtlpDecodeError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new OtlpDecodeError("an OTLP/JSON request must be an object with resourceSpans");
  }
  idsToBytes(parsed as Obj);
  const message = ExportRequest.fromObject(parsed as Obj);
  return flatten(ExportRequest.toObject(message, TO_OBJECT), "json");
}

/** An empty ExportTraceServiceResponse (full success) in the request's encoding. */
export function encodeSuccessResponse(encoding: ReceivedSpan["encoding"]): Uint8Array {
  if (encoding === "json") return Buffer.from("{}");
  return ExportResponse.encode(ExportResponse.create({})).finish();
}
