import { trace, type Tracer } from "@opentelemetry/api";
import { VERSION } from "../version.js";

/** Looked up on every call so a provider registered after import is still used. */
export function getTracer(): Tracer {
  return trace.getTracer("@weft/llm", VERSION);
}
