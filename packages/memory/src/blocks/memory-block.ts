import type { ChatMessage } from "../messages/chat-message.js";
import type { Tokenizer } from "../tokens/tokenizer.js";

/** A block's persisted state in the memory's store, scoped to the session and the block's name. */
export interface BlockState<T> {
  read(): Promise<T | undefined>;
  /** Atomic read-transform-write, also across processes; `update` must be synchronous. */
  update(update: (current: T | undefined) => T): Promise<T>;
}

export interface BlockContext<T = unknown> {
  sessionId: string;
  state: BlockState<T>;
  tokenizer: Tokenizer;
}

/**
 * Long-term memory shown next to the chat history. Blocks receive the turns flushed out of the history
 * (`put`) and render text for the prompt (`get`).
 *
 * `priority` decides what is cut when the budget is tight: 0 is never cut; among the rest, larger numbers
 * are cut first (1 is the most important that may be cut).
 */
export interface MemoryBlock<T = unknown> {
  /** Unique within a memory; letters, digits, `_` and `-` (it becomes a tag in the prompt). */
  readonly name: string;
  readonly priority: number;
  /** Text for the prompt given the active history (`""` when there is nothing to show). */
  get(context: BlockContext<T> & { messages: readonly ChatMessage[] }): Promise<string>;
  /** Takes turns flushed out of the active history, oldest first. */
  put?(context: BlockContext<T> & { messages: readonly ChatMessage[] }): Promise<void>;
  /**
   * A shorter rendering that fits `maxTokens`, or `""`. Without it, a block that does not fit is
   * dropped whole.
   */
  truncate?(content: string, maxTokens: number, tokenizer: Tokenizer): string;
}
