import { gzipSync } from "node:zlib";
import { serve, type ServerType } from "@hono/node-server";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { registerTracing } from "@weft/otel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStudio, MemoryTraceStore, type StoredSpan, type Studio } from "../src/index.js";

let studio: Studio;
let server: ServerType;
let url: string;

beforeAll(async () => {
  studio = createStudio({ traces: new MemoryTraceStore() });
  url = await new Promise<string>((resolve) => {
    server = serve({ fetch: studio.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(`http://127.0.0.1:${info.port}`));
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await studio.close();
});

/** Sends spans through OpenTelemetry's own OTLP/HTTP exporter, as another service would, and returns their trace. */
async function exportTrace(protocol: "http/protobuf" | "http/json"): Promise<StoredSpan[]> {
  const tracing = registerTracing({ serviceName: `other-${protocol}`, exporter: "otlp", endpoint: `${url}/v1/traces`, protocol });
  const tracer = trace.getTracer("remote-scope");
  let traceId = "";
  tracer.startActiveSpan("checkout", { kind: SpanKind.SERVER, attributes: { "http.route": "/buy", items: 3, ratio: 0.5, ok: true, tags: ["a", "b"] } }, (root) => {
    traceId = root.spanContext().traceId;
    const child = tracer.startSpan("charge card");
    child.addEvent("retry", { attempt: 2 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: "declined" });
    child.end();
    root.end();
  });
  await tracing.shutdown();
  return studio.store.trace(traceId);
}

describe("POST /v1/traces", () => {
  it.each(["http/protobuf", "http/json"] as const)("stores the spans an OpenTelemetry exporter sends as %s, every field intact", async (protocol) => {
    const spans = await exportTrace(protocol);
    expect(spans.map((s) => s.name).sort()).toEqual(["charge card", "checkout"]);
    const root = spans.find((s) => s.name === "checkout")!;
    const child = spans.find((s) => s.name === "charge card")!;
    expect(child.startMs).toBeGreaterThanOrEqual(root.startMs);
    expect(root).toMatchObject({ kind: SpanKind.SERVER, parentSpanId: "", service: `other-${protocol}`, scope: "remote-scope" });
    expect(root.attributes).toEqual({ "http.route": "/buy", items: 3, ratio: 0.5, ok: true, tags: ["a", "b"] });
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.status).toEqual({ code: 2, message: "declined" });
    expect(child.events).toMatchObject([{ name: "retry", attributes: { attempt: 2 } }]);
    expect(child.endMs).toBeGreaterThanOrEqual(child.startMs);
    expect(Math.abs(root.startMs - Date.now())).toBeLessThan(60_000);

    const listed = (await (await fetch(`${url}/studio/api/traces?service=other-${protocol}`)).json()) as { traces: { traceId: string; spanCount: number; errorCount: number }[] };
    expect(listed.traces).toEqual([expect.objectContaining({ traceId: root.traceId, spanCount: 2, errorCount: 1 })]);
    const one = (await (await fetch(`${url}/studio/api/traces/${root.traceId}`)).json()) as { spans: StoredSpan[] };
    expect(one.spans).toHaveLength(2);
  });

  it("takes a gzip body", async () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "ab".repeat(16), spanId: "cd".repeat(8), name: "zipped", startTimeUnixNano: "1700000000000000000", endTimeUnixNano: "1700000000500000000" }] }] }] };
    const res = await fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gzipSync(JSON.stringify(body)) });
    expect(res.status).toBe(200);
    expect(studio.store.trace("ab".repeat(16))[0]).toMatchObject({ name: "zipped", startMs: 1_700_000_000_000, endMs: 1_700_000_000_500 });
  });

  it("refuses bad input with a 400 naming what and where, and stores nothing of that request", async () => {
    const post = (type: string, body: BodyInit) => fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": type }, body });
    const before = studio.store.traces({ limit: 10_000 }).length;
    const badId = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "ab".repeat(16), spanId: "cd".repeat(8), name: "ok" }, { traceId: "xyz", spanId: "cd".repeat(8), name: "bad" }] }] }] };
    let res = await post("application/json", JSON.stringify(badId));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("resourceSpans[0].scopeSpans[0].spans[1].traceId must be 32 hex digits");
    res = await post("application/json", "{not json");
    expect(res.status).toBe(400);
    // A field that claims more bytes than the body has.
    res = await post("application/x-protobuf", new Uint8Array([0x0a, 0xff, 0x01, 0x00]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/ExportTraceServiceRequest: field of 255 bytes runs past the end/);
    res = await post("text/plain", "hello");
    expect(res.status).toBe(415);
    res = await fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gzipSync(Buffer.alloc(5 * 1024 * 1024, 32)) });
    expect(res.status).toBe(400);
    expect(studio.store.traces({ limit: 10_000 })).toHaveLength(before);
  });

  it("refuses a body over the limit with 413", async () => {
    const small = createStudio({ traces: new MemoryTraceStore(), maxOtlpBytes: 1000 });
    const res = await small.app.request("/v1/traces", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ resourceSpans: [], pad: "x".repeat(2000) }) });
    expect(res.status).toBe(413);
    await small.close();
  });

  it("answers trace routes' bad input with 400 and unknown traces with 404", async () => {
    expect((await fetch(`${url}/studio/api/traces/not-an-id`)).status).toBe(400);
    expect((await fetch(`${url}/studio/api/traces/${"0".repeat(31)}1`)).status).toBe(404);
    expect((await fetch(`${url}/studio/api/traces?limit=0`)).status).toBe(400);
  });
});

describe("the Studio span processor", () => {
  it("records this process's finished spans into the store once flushed", async () => {
    const tracing = registerTracing({ serviceName: "in-process", exporter: "none", spanProcessors: [studio.spanProcessor] });
    const span = trace.getTracer("@weft/test").startSpan("local work", { attributes: { "weft.step.name": "s" } });
    const traceId = span.spanContext().traceId;
    span.end();
    const own = trace.getTracer("@weft/server").startSpan("GET /", { kind: SpanKind.SERVER, attributes: { "url.path": "/studio/api/traces" } });
    own.end();
    await tracing.forceFlush();
    expect(studio.store.trace(own.spanContext().traceId)).toEqual([]);
    expect(studio.store.trace(traceId)).toMatchObject([{ name: "local work", service: "in-process", scope: "@weft/test", attributes: { "weft.step.name": "s" } }]);
    await tracing.shutdown();
  });
});
