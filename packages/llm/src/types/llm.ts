import type { z } from "zod";
import type { ChatMessage } from "./message.js";
import type { CallOptions, StructuredOptions } from "./options.js";
import type { LLMResponse } from "./response.js";
import type { LLMStream } from "./stream.js";

/** The one interface every model adapter implements. */
export interface LLM {
  /** The model name requests are sent with. */
  readonly model: string;
  /** The provider's name as reported in traces (`openai`, `mock`, …). */
  readonly provider: string;
  complete(prompt: string, options?: CallOptions): Promise<LLMResponse>;
  chat(messages: readonly ChatMessage[], options?: CallOptions): Promise<LLMResponse>;
  streamChat(messages: readonly ChatMessage[], options?: CallOptions): LLMStream;
  streamComplete(prompt: string, options?: CallOptions): LLMStream;
  /**
   * Asks for an answer shaped by `schema`, resolves with it parsed and validated.
   * Rejects with an `LLMError` of kind `"invalid_output"` when the reply still does not fit after one repair attempt.
   */
  structured<S extends z.ZodType>(
    schema: S,
    input: string | readonly ChatMessage[],
    options?: StructuredOptions,
  ): Promise<z.output<S>>;
}
