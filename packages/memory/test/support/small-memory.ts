import { Memory, type MemoryOptions } from "../../src/index.js";
import { wordTokenizer } from "./word-tokenizer.js";

/**
 * A memory that flushes after five turns: historyTokenLimit = 50, a turn of `conversation()` = 10 tokens,
 * flushes move at least 20 tokens. Session "s" unless `options` say otherwise.
 */
export function smallMemory(options: Partial<MemoryOptions> = {}): Memory {
  return Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, tokenLimit: 100, chatHistoryTokenRatio: 0.5, tokenFlushSize: 20, ...options });
}
