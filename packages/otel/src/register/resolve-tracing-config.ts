import type { Attributes } from "@opentelemetry/api";
import { PRESETS } from "./presets.js";
import type { OtlpProtocol, RegisterTracingOptions, TracingExporterName } from "./tracing-options.js";

/** Environment variables, as `process.env` holds them. */
export type TracingEnv = Readonly<Record<string, string | undefined>>;

export interface OtlpTarget {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Record<string, string>;
}

/** Everything `registerTracing` decides from its options and the environment, before touching the SDK. */
export interface ResolvedTracingConfig {
  readonly exporters: readonly ("otlp" | "console")[];
  readonly otlp: OtlpTarget | undefined;
  readonly resourceAttributes: Attributes;
}

const EXPORTERS: readonly TracingExporterName[] = ["otlp", "console", "none"];
const PROTOCOLS: readonly OtlpProtocol[] = ["http/protobuf", "http/json"];
const DEFAULT_URL = "http://localhost:4318/v1/traces";

function read(env: TracingEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseUrl(raw: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${where}: "${raw}" is not a URL; expected e.g. http://localhost:4318/v1/traces`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`${where}: "${raw}" must be an http:// or https:// URL (OTLP over gRPC is not supported)`);
  }
  return url;
}

/** A full traces URL stays as given; a bare origin gets the standard `/v1/traces` path. */
function urlOrOrigin(raw: string, where: string): string {
  const url = parseUrl(raw, where);
  if (url.pathname === "/") url.pathname = "/v1/traces";
  return url.href;
}

/** A base URL gets `/v1/traces` appended to its path, as the OTLP specification says for the generic variable. */
function baseUrl(raw: string, where: string): string {
  const url = parseUrl(raw, where);
  if (!url.pathname.endsWith("/v1/traces")) url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  return url.href;
}

function exporterList(options: RegisterTracingOptions, env: TracingEnv): ("otlp" | "console")[] {
  let names: string[];
  let where: string;
  if (options.exporter !== undefined) {
    names = [options.exporter];
    where = "registerTracing({ exporter })";
  } else if (options.preset !== undefined) {
    names = ["otlp"];
    where = "registerTracing({ preset })";
  } else {
    names = (read(env, "OTEL_TRACES_EXPORTER") ?? "otlp").split(",").map((name) => name.trim()).filter(Boolean);
    where = "OTEL_TRACES_EXPORTER";
  }
  for (const name of names) {
    if (!(EXPORTERS as readonly string[]).includes(name)) {
      throw new Error(`${where}: unknown exporter "${name}"; expected one of ${EXPORTERS.join(", ")}`);
    }
  }
  if (names.includes("none")) return [];
  return [...new Set(names as ("otlp" | "console")[])];
}

function protocolOf(options: RegisterTracingOptions, env: TracingEnv): OtlpProtocol {
  const preset = options.preset === undefined ? undefined : PRESETS[options.preset];
  if (options.protocol !== undefined) {
    if (!PROTOCOLS.includes(options.protocol)) {
      throw new Error(
        `registerTracing({ protocol }): unknown protocol "${String(options.protocol)}"; expected ${PROTOCOLS.join(" or ")}`,
      );
    }
    if (preset?.protocolLocked && options.protocol !== preset.protocol) {
      throw new Error(`registerTracing({ preset: "${options.preset}", protocol: "${options.protocol}" }): ${preset.protocolLocked}`);
    }
    return options.protocol;
  }
  if (preset) return preset.protocol;
  for (const name of ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"]) {
    const value = read(env, name);
    if (value === undefined) continue;
    if (!(PROTOCOLS as readonly string[]).includes(value)) {
      throw new Error(`${name}: unsupported protocol "${value}"; @weft/otel speaks ${PROTOCOLS.join(" or ")}`);
    }
    return value as OtlpProtocol;
  }
  return "http/protobuf";
}

function urlOf(options: RegisterTracingOptions, env: TracingEnv): string {
  if (options.endpoint !== undefined) return urlOrOrigin(options.endpoint, "registerTracing({ endpoint })");
  const phoenix = options.preset === "phoenix" ? read(env, "PHOENIX_COLLECTOR_ENDPOINT") : undefined;
  if (phoenix !== undefined) return baseUrl(phoenix, "PHOENIX_COLLECTOR_ENDPOINT");
  const traces = read(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  if (traces !== undefined) return parseUrl(traces, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").href;
  const generic = read(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  if (generic !== undefined) return baseUrl(generic, "OTEL_EXPORTER_OTLP_ENDPOINT");
  return options.preset === undefined ? DEFAULT_URL : PRESETS[options.preset].url;
}

function headersOf(options: RegisterTracingOptions, env: TracingEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  const apiKey = options.preset === "phoenix" ? read(env, "PHOENIX_API_KEY") : undefined;
  if (apiKey !== undefined) headers["authorization"] = `Bearer ${apiKey}`;
  return { ...headers, ...options.headers };
}

/**
 * Decides exporters, target and resource from the options, then the environment, then the preset.
 * Bad values throw here, naming the option or variable, so a typo fails at startup instead of
 * silently sending spans nowhere.
 */
export function resolveTracingConfig(options: RegisterTracingOptions = {}, env: TracingEnv = process.env): ResolvedTracingConfig {
  if (options.preset !== undefined && !(options.preset in PRESETS)) {
    throw new Error(
      `registerTracing({ preset }): unknown preset "${String(options.preset)}"; expected ${Object.keys(PRESETS).join(" or ")}`,
    );
  }
  const exporters = exporterList(options, env);
  const otlp = exporters.includes("otlp")
    ? { url: urlOf(options, env), protocol: protocolOf(options, env), headers: headersOf(options, env) }
    : undefined;
  const resourceAttributes: Attributes = { ...options.resourceAttributes };
  const projectName = options.projectName ?? read(env, "PHOENIX_PROJECT_NAME");
  if (projectName !== undefined) resourceAttributes["openinference.project.name"] = projectName;
  return { exporters, otlp, resourceAttributes };
}
