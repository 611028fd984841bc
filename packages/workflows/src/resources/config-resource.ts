import { readFileSync } from "node:fs";
import type { z } from "zod";
import { resource, type Resource } from "./resource.js";

/** Where configuration comes from; later sources override earlier ones, key by key. */
export interface ConfigSources {
  /** Plain values. */
  value?: Record<string, unknown>;
  /** A JSON file path. */
  file?: string;
  /** Environment variables: a prefix (`"APP_"` maps `APP_MODEL` to `model`) or an explicit `{ key: "VAR" }` map. */
  env?: string | Record<string, string>;
}

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

function fromEnv(env: string | Record<string, string>, environment: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof env === "string") {
    for (const [key, value] of Object.entries(environment)) {
      if (!key.startsWith(env) || value === undefined) continue;
      const name = key.slice(env.length).toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      out[name] = value;
    }
  } else {
    for (const [name, variable] of Object.entries(env)) {
      if (environment[variable] !== undefined) out[name] = environment[variable];
    }
  }
  return out;
}

function fromFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Reads and validates configuration now; the error names every field that is wrong and where it came from. */
export function loadConfig<S extends z.ZodType>(name: string, schema: S, sources: ConfigSources, environment = process.env): z.output<S> {
  const raw = {
    ...(sources.value ?? {}),
    ...(sources.file ? fromFile(sources.file) : {}),
    ...(sources.env ? fromEnv(sources.env, environment) : {}),
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const where = [sources.file && `file ${sources.file}`, sources.env && `env ${typeof sources.env === "string" ? `${sources.env}*` : Object.values(sources.env).join(", ")}`, sources.value && "values"]
      .filter(Boolean)
      .join(", ");
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration for "${name}" (from ${where || "nothing"}):\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/**
 * A resource whose value is validated configuration, read when first needed. Other resources read it through
 * `uses: { config }`: `resource("llm", ({ config }) => new OpenAILLM(config), { uses: { config } })`.
 */
export function configResource<const N extends string, S extends z.ZodType>(
  name: N,
  schema: S,
  sources: ConfigSources,
): Resource<N, z.output<S>> {
  return resource(name, () => loadConfig(name, schema, sources));
}
