import { trace } from "@opentelemetry/api";
import { pino } from "pino";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerTracing, type TracingHandle, type TracingLogger } from "../src/index.js";
import { sampleJokeRun } from "./support/sample-run.js";
import { deadUrl, startTestBackend, type TestBackend } from "./support/test-backend.js";

function spyLogger() {
  return { warn: vi.fn<TracingLogger["warn"]>(), info: vi.fn<TracingLogger["info"]>() };
}

describe("export failures never reach the program", () => {
  let handle: TracingHandle | undefined;
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    await backend?.close();
    handle = undefined;
    backend = undefined;
  });

  it("a dead backend: runs complete, flush and shutdown resolve, one warning in all", async () => {
    const logger = spyLogger();
    const url = await deadUrl();
    handle = registerTracing({ preset: "jaeger", endpoint: url, timeoutMillis: 200, logger });
    for (let i = 0; i < 3; i++) {
      await sampleJokeRun();
      await expect(handle.forceFlush()).resolves.toBeUndefined();
    }
    await sampleJokeRun({ fail: true });
    await expect(handle.shutdown()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [details, message] = logger.warn.mock.calls[0]!;
    expect(details).toMatchObject({ endpoint: url, spans: 5 });
    expect(String(details["reason"])).toMatch(/ECONNREFUSED/);
    expect(message).toMatch(/could not export spans; the run is unaffected/);
    // The failed flushes are that same outage: nothing more is logged.
    expect(logger.info).not.toHaveBeenCalled();
  });

  it("logs once per outage and once when export works again", async () => {
    const logger = spyLogger();
    backend = await startTestBackend(500);
    handle = registerTracing({ preset: "jaeger", endpoint: backend.url, logger });
    await sampleJokeRun();
    await handle.forceFlush();
    await sampleJokeRun();
    await handle.forceFlush();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.info).not.toHaveBeenCalledWith(expect.anything(), "span export works again");
    backend.respondWith = 200;
    await sampleJokeRun();
    await handle.forceFlush();
    expect(logger.info).toHaveBeenCalledWith({ endpoint: backend.url, lostSpans: 10 }, "span export works again");
    expect(backend.received).toBe(3);
  });

  it("a backend that never answers does not hold up the program", async () => {
    const logger = spyLogger();
    backend = await startTestBackend("hang");
    handle = registerTracing({
      preset: "jaeger",
      endpoint: backend.url,
      timeoutMillis: 300,
      logger,
      batch: { scheduledDelayMillis: 1, maxExportBatchSize: 5 },
    });
    const tracer = trace.getTracer("t");
    let finished = 0;
    while (backend.unanswered === 0) {
      await sampleJokeRun();
      finished++;
      if (finished > 1000) throw new Error("no export request reached the backend");
    }
    // The backend holds a request open, and the program keeps going regardless.
    for (let i = 0; i < 20; i++) await sampleJokeRun();
    tracer.startSpan("still recording").end();
    expect(backend.unanswered).toBeGreaterThan(0);
    await expect(handle.shutdown()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0]![0]["reason"])).toMatch(/timed out|Timeout/i);
  });

  it("without a logger, the one warning goes to standard error", async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      handle = registerTracing({ preset: "jaeger", endpoint: await deadUrl(), timeoutMillis: 200 });
      await sampleJokeRun();
      await handle.forceFlush();
      await sampleJokeRun();
      await handle.shutdown();
    } finally {
      spy.mockRestore();
    }
    const warnings = writes.filter((line) => line.startsWith("[@weft/otel] could not export spans"));
    expect(warnings).toHaveLength(1);
    expect(writes.filter((line) => line.startsWith("[@weft/otel]"))).toHaveLength(1);
    expect(warnings[0]).toMatch(/"endpoint":"http:\/\/127\.0\.0\.1:\d+\/v1\/traces"/);
  });

  it("takes a pino logger as is", async () => {
    const records: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const url = await deadUrl();
    handle = registerTracing({ preset: "jaeger", endpoint: url, timeoutMillis: 200, logger: pino(sink) });
    await sampleJokeRun();
    await handle.shutdown();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 40, endpoint: url, spans: 5 });
    expect(String(records[0]!["msg"])).toMatch(/^could not export spans/);
  });
});
