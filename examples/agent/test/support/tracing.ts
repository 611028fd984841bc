import { createTestTracing } from "@weft/otel";

// Loaded as a vitest setup file, i.e. before the test imports the engine: the engine takes its tracer when its
// module loads, and `createTestTracing()` replaces the global provider, so it must come first.
export const tracing = createTestTracing();
