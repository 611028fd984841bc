import { SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { recordError } from "../src/index.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

afterEach(() => exporter.reset());

function failedSpan(error: unknown) {
  const span = provider.getTracer("test").startSpan("work");
  recordError(span, error);
  span.end();
  return exporter.getFinishedSpans()[0];
}

describe("recordError", () => {
  it("records the exception, an ERROR status with its message and error.type", () => {
    const span = failedSpan(new TypeError("bad shape"));
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "bad shape" });
    expect(span.attributes["error.type"]).toBe("TypeError");
    expect(span.events[0].name).toBe("exception");
    expect(span.events[0].attributes?.["exception.message"]).toBe("bad shape");
  });

  it("records a thrown non-Error by its text", () => {
    const span = failedSpan("plain string");
    expect(span.status.message).toBe("plain string");
    expect(span.attributes["error.type"]).toBe("Error");
  });
});
