/**
 * The logger handed to a provider SDK. Its error lines (a stream event that is not JSON) describe a failure the
 * caller receives as an `LLMError` anyway, so they are kept for that error's message instead of being written to
 * stderr behind the caller's back; warnings and debug output still go to the console.
 */
export class SdkLogger {
  #unparsed: string | undefined;

  readonly error = (message?: unknown, data?: unknown): void => {
    if (typeof message === "string" && message.startsWith("Could not parse") && typeof data === "string") this.#unparsed = data;
  };
  readonly warn = (...args: unknown[]): void => console.warn(...args);
  readonly info = (...args: unknown[]): void => console.info(...args);
  readonly debug = (...args: unknown[]): void => console.debug(...args);

  /** The last event the SDK could not parse, once. */
  takeUnparsed(): string | undefined {
    const data = this.#unparsed;
    this.#unparsed = undefined;
    return data;
  }
}
