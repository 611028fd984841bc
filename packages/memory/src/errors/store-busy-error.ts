/** The store stayed locked by someone else for longer than its busy timeout. */
export class StoreBusyError extends Error {
  override readonly name = "StoreBusyError";
}
