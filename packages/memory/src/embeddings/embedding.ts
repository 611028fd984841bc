/**
 * Turns texts into vectors. `OpenAIEmbedding` from `@weft/llm` fits this shape, as does
 * `HashEmbedding` (local, deterministic, for tests and offline use).
 */
export interface Embedding {
  /** `signal` aborts the call (a memory bound to a workflow step passes the step's signal). */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}
