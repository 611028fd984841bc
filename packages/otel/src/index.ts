export { registerTracing } from "./register/register-tracing.js";
export type {
  OtlpProtocol,
  RegisterTracingOptions,
  TracingExporterName,
  TracingHandle,
  TracingPreset,
} from "./register/tracing-options.js";
export type { TracingLogger } from "./register/tracing-logger.js";
export { resolveTracingConfig, type ResolvedTracingConfig, type OtlpTarget, type TracingEnv } from "./register/resolve-tracing-config.js";
export { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from "./console/console-tree-exporter.js";
export { formatSpanTree, type FormatSpanTreeOptions } from "./format/format-span-tree.js";
export { createTestTracing, type TestTracing } from "./testing/create-test-tracing.js";
export { expectTrace, TraceExpectation, type ExpectedAttribute } from "./testing/expect-trace.js";
export { TraceAssertionError } from "./testing/trace-assertion-error.js";
export type { SpanMatcher } from "./testing/span-matcher.js";
export { VERSION } from "./version.js";
