import type { FlushError } from "./flush-error.js";

/** The default `onFlushError`: a process warning, so a failing block is seen even when nobody listens. */
export function warnFlushError(error: FlushError): void {
  process.emitWarning(error);
}
