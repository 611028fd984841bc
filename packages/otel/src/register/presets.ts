import type { OtlpProtocol, TracingPreset } from "./tracing-options.js";

export interface PresetDefaults {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  /** Why the protocol cannot be changed, when it cannot. */
  readonly protocolLocked?: string;
}

export const PRESETS: Readonly<Record<TracingPreset, PresetDefaults>> = {
  jaeger: { url: "http://localhost:4318/v1/traces", protocol: "http/protobuf" },
  phoenix: {
    url: "http://localhost:6006/v1/traces",
    protocol: "http/protobuf",
    protocolLocked: "Phoenix accepts OTLP traces only as protobuf (it answers JSON with 415)",
  },
};
