/**
 * A flush failed after the put message was stored: the put still resolved, since the message IS stored
 * (putting it again would duplicate it). The turns stay in the active history and the flush is retried on
 * the next put. Delivered to `MemoryOptions.onFlushError`.
 */
export class FlushError extends Error {
  override readonly name = "FlushError";
  constructor(
    readonly sessionId: string,
    /** The memory block that failed to take the flushed turns; `undefined` when the store failed. */
    readonly block: string | undefined,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const what = block === undefined ? `flushing session "${sessionId}" failed` : `memory block "${block}" failed to take flushed messages of session "${sessionId}"`;
    super(`${what}: ${reason}. The put message is stored; the flush will be retried on the next put.`, options);
  }
}
