/**
 * PostgreSQL failures that say nothing about the statement, only about the moment: the server went away, was shut
 * down or restarted, or a transaction lost a race. The same statement, sent again later, may well succeed.
 */
const TRANSIENT_CODES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting or stopping
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "53300", // too_many_connections
]);
const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

export function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    // class 08: connection exceptions
    if (TRANSIENT_CODES.has(code) || TRANSIENT_NODE_CODES.has(code) || code.startsWith("08")) return true;
  }
  // node-postgres reports a socket closed under a query without a code
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && /^Connection terminated/.test(message);
}
