import { createTestTracing } from "@weft/otel";

/** One in-memory tracer provider for the test file, registered globally; tests `reset()` it before each test. */
export const tracing = createTestTracing();
