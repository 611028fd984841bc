/** Something handed to a memory (a message, an option) is not acceptable; `where` says which. */
export class MemoryInputError extends Error {
  override readonly name = "MemoryInputError";
  constructor(
    message: string,
    /** A path to the offending value, e.g. `messages[2].content[0].text` or `options.tokenLimit`. */
    readonly where: string,
  ) {
    super(message);
  }
}
