import { getStringFromEnv } from "@opentelemetry/core";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { TracingLogger } from "./tracing-logger.js";

function ratio(logger: TracingLogger): number {
  const raw = getStringFromEnv("OTEL_TRACES_SAMPLER_ARG");
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (Number.isFinite(value) && value >= 0 && value <= 1) return value;
  logger.info({ OTEL_TRACES_SAMPLER_ARG: raw }, "OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1; sampling every trace");
  return 1;
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` name, as the OpenTelemetry specification
 * defines them; parent-based always-on when unset. (The trace SDK alone does not read them; the Node SDK
 * that did pulls in metrics and logs too.)
 */
export function samplerFromEnv(logger: TracingLogger): Sampler {
  const name = getStringFromEnv("OTEL_TRACES_SAMPLER") ?? "parentbased_always_on";
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio(logger));
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio(logger)) });
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      logger.info({ OTEL_TRACES_SAMPLER: name }, "unknown OTEL_TRACES_SAMPLER; sampling every trace (parentbased_always_on)");
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
