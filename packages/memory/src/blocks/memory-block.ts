import type { ChatMessage } from "../messages/chat-message.js";
import type { Tokenizer } from "../tokens/tokenizer.js";

/**
 * A block's persisted state in the memory's store (JSON), scoped to the session and the block's name.
 * It is `unknown` because it was written by another process or version: parse it before use
 * (`parseBlockState`), so a corrupt state is reported rather than misread.
 */
export interface BlockState {
  /** `undefined` until the block first writes. */
  read(): Promise<unknown>;
  /** Atomic read-transform-write, also across processes; `update` must be synchronous and return JSON. */
  update(update: (current: unknown) => unknown): Promise<unknown>;
}

export interface BlockContext {
  sessionId: string;
  /** The block's name, as stored. */
  block: string;
  state: BlockState;
  tokenizer: Tokenizer;
  /**
   * The signal of the workflow step using the memory, when the memory was bound to one: a block that
   * does I/O (a model, an embedding) passes it on, so a cancelled step stops waiting for it.
   */
  signal?: AbortSignal;
}

/**
 * Long-term memory shown next to the chat history. Blocks receive the turns flushed out of the history
 * (`put`) and render text for the prompt (`get`).
 *
 * `priority` decides what is cut when the budget is tight: 0 is never cut; among the rest, larger numbers
 * are cut first (1 is the most important that may be cut).
 */
export interface MemoryBlock {
  /** Unique within a memory; letters, digits, `_` and `-` (it becomes a tag in the prompt). */
  readonly name: string;
  readonly priority: number;
  /** Text for the prompt given the active history (`""` when there is nothing to show). */
  get(context: BlockContext & { messages: readonly ChatMessage[] }): Promise<string>;
  /** Takes turns flushed out of the active history, oldest first. */
  put?(context: BlockContext & { messages: readonly ChatMessage[] }): Promise<void>;
  /**
   * A shorter rendering that fits `maxTokens`, or `""`. Without it, a block that does not fit is
   * dropped whole.
   */
  truncate?(content: string, maxTokens: number, tokenizer: Tokenizer): string;
}
