import { afterAll, beforeAll, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { threeSteps } from "./fixtures/workflows.js";
import { setupTracing, type TestTracing } from "./support/tracing.js";

let tracing: TestTracing;
let server: WeftServer;
beforeAll(() => {
  tracing = setupTracing();
  server = createServer({ workflows: [threeSteps], store: new MemoryStore() });
});
afterAll(async () => {
  await server.close();
  await tracing.shutdown();
});

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER = "00f067aa0ba902b7";

it("makes the request a server span with HTTP conventions, the run its child, and the record carries the trace id", async () => {
  const res = await server.app.request("/workflows/ThreeSteps/run", {
    method: "POST",
    headers: { "content-type": "application/json", traceparent: `00-${TRACE}-${CALLER}-01`, "user-agent": "weft-test" },
    body: JSON.stringify({ start_event: { topic: "t" } }),
  });
  const record = (await res.json()) as { trace_id: string; status: string };
  expect(record).toMatchObject({ status: "completed", trace_id: TRACE });

  const spans = tracing.spans();
  const request = spans.find((s) => s.name === "POST /workflows/:name/run")!;
  expect(request).toBeDefined();
  expect(request.spanContext().traceId).toBe(TRACE);
  expect(request.parentSpanContext?.spanId).toBe(CALLER);
  expect(request.attributes).toMatchObject({
    "http.request.method": "POST",
    "http.route": "/workflows/:name/run",
    "url.path": "/workflows/ThreeSteps/run",
    "http.response.status_code": 200,
    "user_agent.original": "weft-test",
  });
  const run = spans.find((s) => s.name === "invoke_workflow ThreeSteps")!;
  expect(run.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  expect(run.spanContext().traceId).toBe(TRACE);
});

it("marks a 404 on the request span without an error status", async () => {
  await server.app.request("/handlers/nope");
  const span = tracing.spans().find((s) => s.attributes["url.path"] === "/handlers/nope")!;
  expect(span.attributes["http.response.status_code"]).toBe(404);
  expect(span.status.code).not.toBe(2);
});
