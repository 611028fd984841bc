export interface EmbedOptions {
  signal?: AbortSignal;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
}

/** Turns texts into vectors, one per text, in order. */
export interface EmbeddingModel {
  readonly model: string;
  readonly provider: string;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}
