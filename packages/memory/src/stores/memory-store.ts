import type { ChatMessage } from "../messages/chat-message.js";

/** A message as a store keeps it. */
export interface StoredMessage {
  /** Unique within the store; increasing in the order messages were appended to the session. */
  id: string;
  sessionId: string;
  message: ChatMessage;
  /** Archived messages were flushed out of the active history; they are kept, not deleted. */
  archived: boolean;
  createdAt: Date;
}

export interface ListOptions {
  /** `false`: only the active history; `true`: only archived messages; unset: all, in order. */
  archived?: boolean;
}

/**
 * Where a memory keeps its sessions. Every method is atomic with respect to other callers, including
 * other processes for the persistent stores, and touches only the given session.
 * Messages are validated before they reach a store; stores check what they read back.
 */
export interface MemoryStore {
  /** `memory`, `sqlite`, `postgres` … (reported in traces). */
  readonly kind: string;
  /** Appends in order, all or nothing. */
  append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]>;
  list(sessionId: string, options?: ListOptions): Promise<StoredMessage[]>;
  /**
   * Archives the given active messages and returns those this call archived. Messages already archived
   * (by another writer racing on the same flush) are not returned, so each turn is handed to the
   * memory blocks once.
   */
  archive(sessionId: string, ids: readonly string[]): Promise<StoredMessage[]>;
  /** Returns archived messages to the active history (a flush whose blocks failed gives them back). */
  unarchive(sessionId: string, ids: readonly string[]): Promise<void>;
  /** Replaces the active history with `messages`; archived messages stay. */
  replaceActive(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]>;
  /** Deletes the session's messages and block states. */
  clear(sessionId: string): Promise<void>;
  /** A memory block's persisted state, or `undefined` when it has none yet. */
  readBlockState(sessionId: string, block: string): Promise<unknown>;
  /**
   * Reads, transforms and writes a block's state as one atomic step; `update` must be synchronous and
   * return JSON. Resolves with the stored value.
   */
  updateBlockState(sessionId: string, block: string, update: (current: unknown) => unknown): Promise<unknown>;
  /** Releases connections and files the store opened itself. */
  close(): Promise<void>;
}
