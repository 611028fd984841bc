import type { Tokenizer } from "./tokenizer.js";

/**
 * A cheap estimate (characters ÷ `charsPerToken`, rounded up) for models without a known tokenizer,
 * or where exact counts are not worth their cost. English averages about four characters per token.
 */
export function estimateTokenizer(charsPerToken = 4): Tokenizer {
  if (!(charsPerToken > 0)) throw new RangeError(`estimateTokenizer: charsPerToken must be > 0, got ${charsPerToken}`);
  return { name: `estimate(${charsPerToken})`, count: (text) => Math.ceil(text.length / charsPerToken) };
}
