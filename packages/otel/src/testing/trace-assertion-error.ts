/** Thrown by `expectTrace` when the spans do not have the asked shape; the message shows the tree. */
export class TraceAssertionError extends Error {
  override readonly name = "TraceAssertionError";
}
