/** Counts tokens in text. Plug in your own for models whose tokenizer is not built in. */
export interface Tokenizer {
  /** Shown in traces (`weft.memory.tokenizer`), e.g. `o200k_base` or `estimate`. */
  readonly name: string;
  count(text: string): number;
}
