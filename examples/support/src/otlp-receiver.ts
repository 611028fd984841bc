import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

// A real OTLP/HTTP (JSON) endpoint on loopback, so child processes export their spans exactly as they would to
// Jaeger or Phoenix; received spans are rebuilt into the shape `expectTrace` and `formatSpanTree` read.

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  events?: { name: string; timeUnixNano: string | number; attributes?: KeyValue[] }[];
  links?: { traceId: string; spanId: string; attributes?: KeyValue[] }[];
  status?: { code?: number; message?: string };
}

function valueOf(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

function hrTime(nanos: string | number): [number, number] {
  const n = BigInt(nanos);
  return [Number(n / 1_000_000_000n), Number(n % 1_000_000_000n)];
}

function toReadableSpan(s: OtlpSpan): ReadableSpan {
  const context = (traceId: string, spanId: string) => ({ traceId, spanId, traceFlags: 1 });
  const start = BigInt(s.startTimeUnixNano);
  return {
    name: s.name,
    // OTLP numbers kinds from 1 (INTERNAL); the API from 0.
    kind: Math.max(0, (s.kind ?? 1) - 1),
    spanContext: () => context(s.traceId, s.spanId),
    parentSpanContext: s.parentSpanId ? context(s.traceId, s.parentSpanId) : undefined,
    attributes: attributesOf(s.attributes),
    events: (s.events ?? []).map((e) => ({ name: e.name, time: hrTime(e.timeUnixNano), attributes: attributesOf(e.attributes) })),
    links: (s.links ?? []).map((l) => ({ context: context(l.traceId, l.spanId), attributes: attributesOf(l.attributes) })),
    status: { code: s.status?.code ?? 0, message: s.status?.message },
    startTime: hrTime(s.startTimeUnixNano),
    endTime: hrTime(s.endTimeUnixNano),
    duration: hrTime(String(BigInt(s.endTimeUnixNano) - start)),
    ended: true,
  } as unknown as ReadableSpan;
}

export interface OtlpReceiver {
  /** The base URL to put in OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  spans(): ReadableSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReadableSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== "/v1/traces" || !String(req.headers["content-type"]).includes("json")) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
      };
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) received.push(toReadableSpan(s));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
