import { afterEach, describe, expect, it } from "vitest";
import { registerTracing, type TracingHandle } from "../src/index.js";
import { withEnv } from "./support/env.js";
import { sampleJokeRun } from "./support/sample-run.js";
import { startTestBackend, type TestBackend } from "./support/test-backend.js";

// What goes over the wire: content type per protocol and preset, and headers from options and variables.

describe("OTLP requests", () => {
  let handle: TracingHandle | undefined;
  let backend: TestBackend | undefined;
  let restoreEnv: (() => void) | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    await backend?.close();
    restoreEnv?.();
    handle = backend = restoreEnv = undefined;
  });

  async function oneRequest(start: (url: string) => TracingHandle) {
    backend = await startTestBackend(200);
    handle = start(backend.url);
    await sampleJokeRun();
    await handle.forceFlush();
    expect(backend.received).toBe(1);
    return backend.headers[0]!;
  }

  it("sends protobuf by default and JSON when asked", async () => {
    expect((await oneRequest((url) => registerTracing({ endpoint: url })))["content-type"]).toBe("application/x-protobuf");
    await handle!.shutdown();
    await backend!.close();
    expect((await oneRequest((url) => registerTracing({ endpoint: url, protocol: "http/json" })))["content-type"]).toBe(
      "application/json",
    );
  });

  it("merges OTEL_EXPORTER_OTLP_HEADERS with the headers option", async () => {
    restoreEnv = withEnv({ OTEL_EXPORTER_OTLP_HEADERS: "x-env=from-env,x-both=env" });
    const headers = await oneRequest((url) => registerTracing({ endpoint: url, headers: { "x-opt": "from-option", "x-both": "option" } }));
    expect(headers).toMatchObject({ "x-env": "from-env", "x-opt": "from-option", "x-both": "option" });
  });

  it("phoenix preset sends PHOENIX_API_KEY as a bearer token, over protobuf", async () => {
    restoreEnv = withEnv({ PHOENIX_API_KEY: "secret-key" });
    const headers = await oneRequest((url) => registerTracing({ preset: "phoenix", endpoint: url }));
    expect(headers).toMatchObject({ authorization: "Bearer secret-key", "content-type": "application/x-protobuf" });
  });

  it("follows OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and _PROTOCOL when called without options", async () => {
    backend = await startTestBackend(200);
    restoreEnv = withEnv({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: backend.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_TRACES_EXPORTER: "otlp",
    });
    handle = registerTracing();
    expect(handle.endpoint).toBe(backend.url);
    await sampleJokeRun();
    await handle.forceFlush();
    expect(backend.headers.map((h) => h["content-type"])).toEqual(["application/json"]);
  });
});
