import type { LLMErrorKind } from "./llm-error.js";

/** The kind of an HTTP error status, the same for every provider. */
export function kindOfStatus(status: number): LLMErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status === 400 || status === 409 || status === 413 || status === 422) return "bad_request";
  if (status >= 500) return "server";
  return "unknown";
}
