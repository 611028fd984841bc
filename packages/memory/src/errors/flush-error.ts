/**
 * Handing archived turns to the memory blocks failed. The message that was put IS stored (do not put it
 * again); the turns were returned to the active history and the flush is retried on the next put.
 */
export class FlushError extends Error {
  override readonly name = "FlushError";
  constructor(
    readonly sessionId: string,
    readonly block: string,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `memory block "${block}" failed to take flushed messages of session "${sessionId}": ${reason}. ` +
        `The put message is stored; the flush will be retried on the next put.`,
      options,
    );
  }
}
