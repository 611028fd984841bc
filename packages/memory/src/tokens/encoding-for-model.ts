export type EncodingName = "o200k_base" | "cl100k_base" | "p50k_base" | "r50k_base";

const ENCODINGS: readonly EncodingName[] = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"];

/**
 * The BPE encoding OpenAI uses for `model`. Accepts an encoding name too. Models that are not
 * recognised get `o200k_base`, the encoding of every current OpenAI model.
 */
export function encodingForModel(model: string): EncodingName {
  const name = model.trim().toLowerCase().replace(/^openai\//, "");
  if ((ENCODINGS as readonly string[]).includes(name)) return name as EncodingName;
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d)/.test(name)) return "o200k_base";
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding-(ada-002|3))/.test(name)) return "cl100k_base";
  if (/^(text-davinci-00[23]|code-)/.test(name)) return "p50k_base";
  if (/^(davinci|curie|babbage|ada|text-(ada|babbage|curie)-001)/.test(name)) return "r50k_base";
  return "o200k_base";
}
