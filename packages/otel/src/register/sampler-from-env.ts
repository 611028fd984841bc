import { getStringFromEnv } from "@opentelemetry/core";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from "@opentelemetry/sdk-trace";

const SAMPLERS = {
  always_on: () => new AlwaysOnSampler(),
  always_off: () => new AlwaysOffSampler(),
  traceidratio: () => new TraceIdRatioBasedSampler(ratio()),
  parentbased_always_on: () => new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  parentbased_always_off: () => new ParentBasedSampler({ root: new AlwaysOffSampler() }),
  parentbased_traceidratio: () => new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) }),
} satisfies Record<string, () => Sampler>;

function ratio(): number {
  const raw = getStringFromEnv("OTEL_TRACES_SAMPLER_ARG");
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`registerTracing: OTEL_TRACES_SAMPLER_ARG="${raw}" must be a number from 0 to 1`);
  }
  return value;
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` name, as the OpenTelemetry specification
 * defines them; parent-based always-on when unset. (The trace SDK alone does not read them; the Node SDK,
 * which did, also pulls in metrics and logs.)
 */
export function samplerFromEnv(): Sampler {
  const name = getStringFromEnv("OTEL_TRACES_SAMPLER") ?? "parentbased_always_on";
  if (!Object.hasOwn(SAMPLERS, name)) {
    throw new Error(`registerTracing: OTEL_TRACES_SAMPLER="${name}" is not one of ${Object.keys(SAMPLERS).join(", ")}`);
  }
  return SAMPLERS[name as keyof typeof SAMPLERS]();
}
