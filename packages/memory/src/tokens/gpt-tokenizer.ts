import { encodingForModel, type EncodingName } from "./encoding-for-model.js";
import type { Tokenizer } from "./tokenizer.js";

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;

const loaded = new Map<EncodingName, Promise<CountTokens>>();

/**
 * An exact tokenizer for an OpenAI model or encoding name (`"gpt-4.1-mini"`, `"cl100k_base"` …),
 * from `gpt-tokenizer`. Encodings are loaded on first use and shared, since each costs megabytes.
 */
export async function gptTokenizer(modelOrEncoding = "gpt-4o"): Promise<Tokenizer> {
  const encoding = encodingForModel(modelOrEncoding);
  let counter = loaded.get(encoding);
  if (!counter) {
    counter = load(encoding);
    loaded.set(encoding, counter);
  }
  const countTokens = await counter;
  // User text may contain strings like "<|endoftext|>"; they are text here, not control tokens.
  const options = { disallowedSpecial: new Set<string>() };
  return { name: encoding, count: (text) => (text === "" ? 0 : countTokens(text, options)) };
}

async function load(encoding: EncodingName): Promise<CountTokens> {
  switch (encoding) {
    case "o200k_base":
      return (await import("gpt-tokenizer/encoding/o200k_base")).countTokens as CountTokens;
    case "cl100k_base":
      return (await import("gpt-tokenizer/encoding/cl100k_base")).countTokens as CountTokens;
    case "p50k_base":
      return (await import("gpt-tokenizer/encoding/p50k_base")).countTokens as CountTokens;
    case "r50k_base":
      return (await import("gpt-tokenizer/encoding/r50k_base")).countTokens as CountTokens;
  }
}
