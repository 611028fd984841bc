/** A call the model asked for. */
export interface ToolCall<Args = unknown> {
  id: string;
  name: string;
  /**
   * The parsed arguments. When the call names a tool passed in `options.tools`,
   * they have been validated by the tool's zod schema (and carry its defaults/transforms).
   */
  arguments: Args;
  /** The arguments exactly as the model wrote them (JSON text). */
  rawArguments: string;
  /**
   * Set when the arguments were not valid JSON, did not fit the tool's schema, or named
   * an unknown tool. Kept on the call (not thrown) so an agent can report it back to the model.
   */
  error?: string;
}
