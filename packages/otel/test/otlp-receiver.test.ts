import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "./otlp-receiver/receiver-process.js";
import type { ReceivedSpan } from "./otlp-receiver/received-span.js";

// The receiver is the judge of the end-to-end tests, so it is checked first against the official
// OpenTelemetry exporters: every field a trace tree needs must survive both encodings.

function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "receiver-test" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("receiver-test-scope", "9.9.9");
  const root = tracer.startSpan("root", { kind: SpanKind.INTERNAL });
  const rootCtx = trace.setSpan(context.active(), root);
  const first = tracer.startSpan("first", { kind: SpanKind.CLIENT }, rootCtx);
  first.setAttributes({ text: "hé", count: 42, ratio: 0.5, flag: true, reasons: ["stop", "length"] });
  first.addEvent("weft.event", { "weft.event.type": "JokeEvent", "weft.event.id": "e1" });
  first.end();
  const second = tracer.startSpan("second", { links: [{ context: first.spanContext(), attributes: { why: "input" } }] }, rootCtx);
  second.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
  second.end();
  root.end();
  return memory.getFinishedSpans();
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

function withoutEncoding(spans: ReceivedSpan[]): Omit<ReceivedSpan, "encoding">[] {
  return spans.map(({ encoding: _encoding, ...rest }) => rest);
}

describe("OTLP receiver process", () => {
  let receiver: Receiver;
  let phoenixLike: Receiver;
  const spans = makeSpans();
  beforeAll(async () => {
    [receiver, phoenixLike] = await Promise.all([startReceiver(), startReceiver({ rejectJson: true })]);
  });
  afterAll(async () => {
    await Promise.all([receiver?.kill(), phoenixLike?.kill()]);
  });

  it("decodes protobuf from the official exporter, keeping ids, parents, kinds, attributes, events, links and status", async () => {
    await receiver.reset();
    const result = await exportWith(new ProtoExporter({ url: receiver.tracesUrl }), spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const received = await receiver.spans();
    expect(received.map((s) => s.name).sort()).toEqual(["first", "root", "second"]);
    const byName = Object.fromEntries(received.map((s) => [s.name, s]));
    const root = spans.find((s) => s.name === "root")!;
    const first = spans.find((s) => s.name === "first")!;
    expect(byName.root!.traceId).toBe(root.spanContext().traceId);
    expect(byName.root!.spanId).toBe(root.spanContext().spanId);
    expect(byName.root!.parentSpanId).toBe("");
    expect(byName.first!.parentSpanId).toBe(root.spanContext().spanId);
    expect(byName.first!.kind).toBe(3);
    expect(byName.root!.kind).toBe(1);
    expect(byName.first!.attributes).toEqual({ text: "hé", count: 42, ratio: 0.5, flag: true, reasons: ["stop", "length"] });
    expect(byName.first!.events).toEqual([
      expect.objectContaining({ name: "weft.event", attributes: { "weft.event.type": "JokeEvent", "weft.event.id": "e1" } }),
    ]);
    expect(byName.second!.links).toEqual([
      { traceId: first.spanContext().traceId, spanId: first.spanContext().spanId, attributes: { why: "input" } },
    ]);
    expect(byName.second!.status).toEqual({ code: 2, message: "boom" });
    expect(byName.root!.status).toEqual({ code: 0, message: "" });
    expect(byName.root!.resource["service.name"]).toBe("receiver-test");
    expect(byName.root!.scope).toEqual({ name: "receiver-test-scope", version: "9.9.9" });
    expect(BigInt(byName.root!.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(byName.root!.startTimeUnixNano));
    expect(received.every((s) => s.encoding === "protobuf")).toBe(true);
  });

  it("decodes OTLP/JSON to exactly what protobuf gave", async () => {
    await receiver.reset();
    await exportWith(new ProtoExporter({ url: receiver.tracesUrl }), spans);
    const viaProtobuf = await receiver.spans();
    await receiver.reset();
    const result = await exportWith(new JsonExporter({ url: receiver.tracesUrl }), spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const viaJson = await receiver.spans();
    expect(viaJson.every((s) => s.encoding === "json")).toBe(true);
    expect(withoutEncoding(viaJson)).toEqual(withoutEncoding(viaProtobuf));
    expect((await receiver.requests()).requests).toEqual([{ contentType: "application/json", status: 200, spans: 3 }]);
  });

  it("in Phoenix mode refuses JSON with 415 and still takes protobuf", async () => {
    const json = await exportWith(new JsonExporter({ url: phoenixLike.tracesUrl }), spans);
    expect(json.code).toBe(ExportResultCode.FAILED);
    expect(await phoenixLike.spans()).toEqual([]);
    const proto = await exportWith(new ProtoExporter({ url: phoenixLike.tracesUrl }), spans);
    expect(proto.code).toBe(ExportResultCode.SUCCESS);
    expect(await phoenixLike.spans()).toHaveLength(3);
    const statuses = (await phoenixLike.requests()).requests.map((r) => [r.contentType, r.status]);
    expect(statuses).toEqual([
      ["application/json", 415],
      ["application/x-protobuf", 200],
    ]);
  });

  it("answers 400 to bodies that are not OTLP", async () => {
    const garbage = await fetch(receiver.tracesUrl, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    });
    expect(garbage.status).toBe(400);
    const badId = await fetch(receiver.tracesUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "xyz", spanId: "00", name: "x" }] }] }] }),
    });
    expect(badId.status).toBe(400);
    expect(await badId.text()).toMatch(/traceId must be a hex string/);
  });
});
