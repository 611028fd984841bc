import type { ChatMessage } from "../messages/chat-message.js";
import type { ListOptions, MemoryStore, StoredMessage } from "./memory-store.js";
import { encodeBlockState } from "./decode-row.js";

interface Session {
  messages: StoredMessage[];
  blocks: Map<string, string>;
}

/**
 * Keeps sessions in this process (the default). Gone when the process ends; use `SQLiteMemoryStore`
 * or `PostgresMemoryStore` to keep them.
 */
export class InMemoryStore implements MemoryStore {
  readonly kind = "memory";
  private readonly sessions = new Map<string, Session>();
  private nextId = 1;

  async append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    const session = this.session(sessionId);
    const stored = messages.map((message) => ({
      id: String(this.nextId++),
      sessionId,
      message: clone(message),
      archived: false,
      createdAt: new Date(),
    }));
    session.messages.push(...stored);
    return stored.map(copy);
  }

  async list(sessionId: string, options: ListOptions = {}): Promise<StoredMessage[]> {
    const all = this.sessions.get(sessionId)?.messages ?? [];
    return all.filter((m) => options.archived === undefined || m.archived === options.archived).map(copy);
  }

  async archive(sessionId: string, ids: readonly string[]): Promise<StoredMessage[]> {
    const wanted = new Set(ids);
    const archived: StoredMessage[] = [];
    for (const m of this.sessions.get(sessionId)?.messages ?? []) {
      if (wanted.has(m.id) && !m.archived) {
        m.archived = true;
        archived.push(copy(m));
      }
    }
    return archived;
  }

  async unarchive(sessionId: string, ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids);
    for (const m of this.sessions.get(sessionId)?.messages ?? []) if (wanted.has(m.id)) m.archived = false;
  }

  async replaceActive(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    const session = this.session(sessionId);
    session.messages = session.messages.filter((m) => m.archived);
    return this.append(sessionId, messages);
  }

  async clear(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async readBlockState(sessionId: string, block: string): Promise<unknown> {
    const text = this.sessions.get(sessionId)?.blocks.get(block);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async updateBlockState(sessionId: string, block: string, update: (current: unknown) => unknown): Promise<unknown> {
    const blocks = this.session(sessionId).blocks;
    const current = blocks.get(block);
    const text = encodeBlockState(block, update(current === undefined ? undefined : JSON.parse(current)));
    blocks.set(block, text);
    return JSON.parse(text);
  }

  async close(): Promise<void> {}

  private session(sessionId: string): Session {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { messages: [], blocks: new Map() };
      this.sessions.set(sessionId, session);
    }
    return session;
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function copy(m: StoredMessage): StoredMessage {
  return { ...m, message: clone(m.message), createdAt: new Date(m.createdAt) };
}
