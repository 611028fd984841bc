import type { MemoryBlock } from "./blocks/memory-block.js";
import type { FlushError } from "./errors/flush-error.js";
import type { InsertMethod } from "./history/insert-memory.js";
import type { MemoryStore } from "./stores/memory-store.js";
import type { Tokenizer } from "./tokens/tokenizer.js";
import type { TraceOptions } from "./tracing/trace-options.js";

export interface MemoryOptions {
  /** Whose conversation this is; sessions never see each other's messages or block states. */
  sessionId: string;
  /** The whole budget `get` must fit: chat history plus memory blocks (default 30000). */
  tokenLimit?: number;
  /**
   * The share of `tokenLimit` the active chat history may hold (default 0.7). Beyond it, the oldest turns
   * are flushed: archived in the store and handed to the blocks.
   */
  chatHistoryTokenRatio?: number;
  /**
   * A flush moves at least this many tokens' worth of whole turns, so flushes are rare
   * (default 3000, or a tenth of `tokenLimit` when that is smaller).
   */
  tokenFlushSize?: number;
  /** Long-term memory shown with the history (static text, facts, recalled turns …). */
  blocks?: readonly MemoryBlock[];
  /** Where messages and block states live (default: in this process). */
  store?: MemoryStore;
  /** A tokenizer, or an OpenAI model / encoding name to count with (default "gpt-4o"). */
  tokenizer?: Tokenizer | string;
  /** Where `get` puts the blocks' text: a system message (default) or the latest user message. */
  insertMethod?: InsertMethod;
  /**
   * Called when a flush fails after `put` stored its message (a block's model call failed, the store was
   * busy …). `put` still resolves, since the message is stored; the turns stay active and the flush is
   * retried on the next put. Default: a process warning (`process.emitWarning`).
   */
  onFlushError?: (error: FlushError) => void;
  /** What spans may contain (redaction, value length). */
  trace?: TraceOptions;
}
