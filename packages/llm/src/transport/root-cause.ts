/**
 * The innermost cause of a network failure, as one line: `connect ECONNREFUSED 127.0.0.1:59999` rather than the
 * SDK's "Connection error." or fetch's "fetch failed". Both addresses of a dual-stack host are listed.
 */
export function rootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth++) {
    const next = (current as { cause?: unknown } | null)?.cause;
    if (next === undefined || next === null || next === current) break;
    current = next;
  }
  if (current instanceof AggregateError && current.errors.length > 0) {
    return current.errors.map((inner: unknown) => rootCause(inner)).join("; ");
  }
  if (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    return typeof code === "string" && !current.message.includes(code) ? `${current.message} (${code})` : current.message;
  }
  return String(current);
}
