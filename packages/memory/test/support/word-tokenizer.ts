import type { Tokenizer } from "../../src/index.js";

/** One token per whitespace-separated word, so budgets in tests are easy to reason about. */
export const wordTokenizer: Tokenizer = { name: "words", count: (text) => text.split(/\s+/).filter(Boolean).length };
