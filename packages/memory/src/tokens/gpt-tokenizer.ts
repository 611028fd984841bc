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
    counter = load(encoding).catch((error: unknown) => {
      loaded.delete(encoding); // installing the package later in a long-lived process still works
      throw missingTokenizer(error, encoding);
    });
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

/** `gpt-tokenizer` is an optional peer (it weighs 30 MB): name what to install instead of a bare module error. */
function missingTokenizer(error: unknown, encoding: EncodingName): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return error;
  return new Error(
    `@weft/memory: counting tokens with ${encoding} needs the package gpt-tokenizer: run \`npm install gpt-tokenizer\`, ` +
      "or pass another tokenizer (e.g. `tokenizer: estimateTokenizer()`)",
    { cause: error },
  );
}
