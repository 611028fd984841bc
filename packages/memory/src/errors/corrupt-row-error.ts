/** A stored row could not be read back. It is reported, never skipped, so no message disappears unnoticed. */
export class CorruptRowError extends Error {
  override readonly name = "CorruptRowError";
  constructor(
    readonly sessionId: string,
    /** The message id, or `block:<name>` for a memory block's state. */
    readonly rowId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`stored row ${rowId} of session "${sessionId}" is corrupt: ${reason}`, options);
  }
}
