import { describe, expect, it } from "vitest";
import { resolveTracingConfig, type RegisterTracingOptions } from "../src/index.js";

const resolve = (options: RegisterTracingOptions, env: Record<string, string> = {}) => resolveTracingConfig(options, env);

describe("resolveTracingConfig: standard OTEL_* variables", () => {
  it("defaults to OTLP protobuf on the local collector port", () => {
    expect(resolve({})).toEqual({
      exporters: ["otlp"],
      otlp: { url: "http://localhost:4318/v1/traces", protocol: "http/protobuf", headers: {} },
      resourceAttributes: {},
    });
  });

  it("reads OTEL_TRACES_EXPORTER, including lists and none", () => {
    expect(resolve({}, { OTEL_TRACES_EXPORTER: "console" })).toMatchObject({ exporters: ["console"], otlp: undefined });
    expect(resolve({}, { OTEL_TRACES_EXPORTER: "otlp, console" }).exporters).toEqual(["otlp", "console"]);
    expect(resolve({}, { OTEL_TRACES_EXPORTER: "none" })).toMatchObject({ exporters: [], otlp: undefined });
    expect(() => resolve({}, { OTEL_TRACES_EXPORTER: "zipkin" })).toThrow(
      'OTEL_TRACES_EXPORTER: unknown exporter "zipkin"; expected one of otlp, console, none',
    );
  });

  it("appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is", () => {
    expect(resolve({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).otlp?.url).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(resolve({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "https://gw.example/otlp/" }).otlp?.url).toBe(
      "https://gw.example/otlp/v1/traces",
    );
    expect(
      resolve({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:9/t" }).otlp
        ?.url,
    ).toBe("http://b:9/t");
  });

  it("reads the protocol, the traces-specific variable first, and refuses gRPC by name", () => {
    expect(resolve({}, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }).otlp?.protocol).toBe("http/json");
    expect(
      resolve({}, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" }).otlp
        ?.protocol,
    ).toBe("http/protobuf");
    expect(() => resolve({}, { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL: unsupported protocol "grpc"',
    );
  });

  it("rejects endpoints that are not http(s) URLs, naming where they came from", () => {
    expect(() => resolve({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" })).toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT: "not a url" is not a URL',
    );
    expect(() => resolve({ endpoint: "localhost:4318" })).toThrow(
      'registerTracing({ endpoint }): "localhost:4318" must be an http:// or https:// URL',
    );
  });
});

describe("resolveTracingConfig: options and presets", () => {
  it("uses explicit options over the environment; a bare origin gets /v1/traces", () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://env:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" };
    expect(resolve({ endpoint: "http://opt:1234", protocol: "http/json", headers: { "x-a": "1" } }, env).otlp).toEqual({
      url: "http://opt:1234/v1/traces",
      protocol: "http/json",
      headers: { "x-a": "1" },
    });
    expect(resolve({ endpoint: "http://opt:1234/custom/path" }).otlp?.url).toBe("http://opt:1234/custom/path");
    expect(resolve({ exporter: "console" }, { OTEL_TRACES_EXPORTER: "otlp" }).exporters).toEqual(["console"]);
    expect(resolve({ exporter: "none" }).exporters).toEqual([]);
  });

  it("jaeger: OTLP/HTTP protobuf on 4318, whatever OTEL_TRACES_EXPORTER says", () => {
    expect(resolve({ preset: "jaeger" }, { OTEL_TRACES_EXPORTER: "none" })).toMatchObject({
      exporters: ["otlp"],
      otlp: { url: "http://localhost:4318/v1/traces", protocol: "http/protobuf" },
    });
  });

  it("phoenix: protobuf on 6006, project name, PHOENIX_* variables", () => {
    expect(resolve({ preset: "phoenix" }, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" })).toEqual({
      exporters: ["otlp"],
      otlp: { url: "http://localhost:6006/v1/traces", protocol: "http/protobuf", headers: {} },
      resourceAttributes: {},
    });
    const env = { PHOENIX_COLLECTOR_ENDPOINT: "http://phoenix:6006", PHOENIX_API_KEY: "k1", PHOENIX_PROJECT_NAME: "env-project" };
    expect(resolve({ preset: "phoenix" }, env)).toEqual({
      exporters: ["otlp"],
      otlp: { url: "http://phoenix:6006/v1/traces", protocol: "http/protobuf", headers: { authorization: "Bearer k1" } },
      resourceAttributes: { "openinference.project.name": "env-project" },
    });
    expect(resolve({ preset: "phoenix", projectName: "jokes" }, env).resourceAttributes).toEqual({
      "openinference.project.name": "jokes",
    });
  });

  it("phoenix refuses JSON up front instead of losing every span to 415", () => {
    expect(() => resolve({ preset: "phoenix", protocol: "http/json" })).toThrow(
      'registerTracing({ preset: "phoenix", protocol: "http/json" }): Phoenix accepts OTLP traces only as protobuf',
    );
  });

  it("lets the OTLP endpoint variables redirect a preset, and an explicit endpoint beat them", () => {
    const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://remote:4318/v1/traces" };
    expect(resolve({ preset: "jaeger" }, env).otlp?.url).toBe("http://remote:4318/v1/traces");
    expect(resolve({ preset: "jaeger", endpoint: "http://127.0.0.1:5555" }, env).otlp?.url).toBe(
      "http://127.0.0.1:5555/v1/traces",
    );
  });

  it("rejects unknown presets, exporters and protocols given in code", () => {
    expect(() => resolve({ preset: "zipkin" as never })).toThrow('registerTracing({ preset }): unknown preset "zipkin"');
    expect(() => resolve({ exporter: "jaeger" as never })).toThrow('registerTracing({ exporter }): unknown exporter "jaeger"');
    expect(() => resolve({ protocol: "grpc" as never })).toThrow('registerTracing({ protocol }): unknown protocol "grpc"');
  });

  it("passes extra resource attributes through", () => {
    expect(resolve({ exporter: "none", resourceAttributes: { "deployment.environment.name": "test" } }).resourceAttributes).toEqual({
      "deployment.environment.name": "test",
    });
  });
});
