/** Splits text into word-sized chunks that keep their whitespace, so they concatenate back exactly. */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}
