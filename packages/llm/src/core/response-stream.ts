import { LLMError } from "../errors/llm-error.js";
import type { LLMChunk } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";
import type { LLMStream } from "../types/stream.js";

/** An `LLMStream` over a generator that yields chunks and returns the final response. */
export class ResponseStream implements LLMStream {
  readonly #source: AsyncGenerator<LLMChunk, LLMResponse, undefined>;
  readonly #final: Promise<LLMResponse>;
  #resolve!: (response: LLMResponse) => void;
  #reject!: (error: unknown) => void;
  #used = false;

  constructor(source: AsyncGenerator<LLMChunk, LLMResponse, undefined>) {
    this.#source = source;
    this.#final = new Promise<LLMResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The final response is optional to await; its failure is also thrown to the iterating caller.
    this.#final.catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<LLMChunk, undefined> {
    if (this.#used) throw new Error("an LLMStream can be iterated only once");
    this.#used = true;
    return this.#iterate();
  }

  async finalResponse(): Promise<LLMResponse> {
    if (!this.#used) {
      for await (const _chunk of this) {
        // drain: the caller only wants the assembled response
      }
    }
    return this.#final;
  }

  async *#iterate(): AsyncGenerator<LLMChunk, undefined, undefined> {
    let settled = false;
    try {
      const response = yield* this.#source;
      settled = true;
      this.#resolve(response);
    } catch (error) {
      settled = true;
      this.#reject(error);
      throw error;
    } finally {
      if (!settled) {
        this.#reject(new LLMError("the stream was closed before it ended (the loop was left early)", { kind: "aborted" }));
      }
    }
    return undefined;
  }
}
