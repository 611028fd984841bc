import type { Embedding } from "./embedding.js";

export interface HashEmbeddingOptions {
  /** Vector length (default 256). */
  dimensions?: number;
}

/**
 * A local, deterministic bag-of-words embedding: each word is hashed into one of `dimensions` slots,
 * and the vector is normalised. Texts sharing words are close. No model and no network, so tests and
 * offline runs get stable results; use a real embedding for meaning rather than wording.
 */
export class HashEmbedding implements Embedding {
  readonly dimensions: number;

  constructor(options: HashEmbeddingOptions = {}) {
    this.dimensions = options.dimensions ?? 256;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 1) {
      throw new RangeError(`HashEmbedding: dimensions must be a whole number ≥ 1, got ${options.dimensions}`);
    }
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      const h = fnv1a(word);
      v[h % this.dimensions] += h & 0x80000000 ? -1 : 1;
    }
    const norm = Math.hypot(...v);
    return norm === 0 ? v : v.map((x) => x / norm);
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
