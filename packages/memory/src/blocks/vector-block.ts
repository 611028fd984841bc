import type { Embedding } from "../embeddings/embedding.js";
import { cosineSimilarity } from "../embeddings/cosine-similarity.js";
import type { ChatMessage } from "../messages/chat-message.js";
import { messageText } from "../messages/message-text.js";
import { splitTurns } from "../history/split-turns.js";
import type { Tokenizer } from "../tokens/tokenizer.js";
import { z } from "zod";
import type { BlockContext, MemoryBlock } from "./memory-block.js";
import { parseBlockState } from "./parse-block-state.js";

/** One flushed turn: its text and that text's embedding. */
export interface VectorEntry {
  text: string;
  vector: number[];
}

/** What the block stores: one entry per flushed turn, oldest first. */
export interface VectorState {
  entries: VectorEntry[];
}

const VectorStateSchema: z.ZodType<VectorState> = z.object({ entries: z.array(z.object({ text: z.string(), vector: z.array(z.number()) })) });

export interface VectorBlockOptions {
  embedding: Embedding;
  name?: string;
  /** Default 2. */
  priority?: number;
  /** How many past turns to recall (default 3). */
  topK?: number;
  /** Recalled turns must be at least this similar to the query (cosine, default 0). */
  minSimilarity?: number;
  /** Oldest entries are dropped beyond this many (default 1000). */
  maxEntries?: number;
}

/** Separates recalled turns in the rendered text (and lets `truncate` cut between them). */
const SEPARATOR = "\n---\n";

/**
 * Recalls flushed turns similar to the latest user message. Each flushed turn is embedded once and kept
 * in the memory's store; similarity is computed in process, which suits the thousands of turns one
 * session holds.
 */
export class VectorBlock implements MemoryBlock {
  readonly name: string;
  readonly priority: number;
  readonly topK: number;
  readonly minSimilarity: number;
  readonly maxEntries: number;
  private readonly embedding: Embedding;

  constructor(options: VectorBlockOptions) {
    if (typeof options?.embedding?.embed !== "function") {
      throw new TypeError("VectorBlock: options.embedding must have embed(texts)");
    }
    this.embedding = options.embedding;
    this.name = options.name ?? "vector";
    this.priority = options.priority ?? 2;
    this.topK = options.topK ?? 3;
    this.minSimilarity = options.minSimilarity ?? 0;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /** The entries stored for the session of `context`. */
  async entries(context: BlockContext): Promise<VectorEntry[]> {
    return parseBlockState(context, VectorStateSchema, await context.state.read())?.entries ?? [];
  }

  async put(context: BlockContext & { messages: readonly ChatMessage[] }): Promise<void> {
    const { state, messages } = context;
    const texts = splitTurns(messages, (m) => m.role === "user").map((turn) => turn.map((m) => `${m.role}: ${messageText(m)}`).join("\n"));
    if (texts.length === 0) return;
    const vectors = await this.embedding.embed(texts, { signal: context.signal });
    if (vectors.length !== texts.length) {
      throw new Error(`VectorBlock "${this.name}": embedding returned ${vectors.length} vectors for ${texts.length} texts`);
    }
    await state.update((stored): VectorState => {
      const entries = [...(parseBlockState(context, VectorStateSchema, stored)?.entries ?? [])];
      const known = new Set(entries.map((e) => e.text));
      texts.forEach((text, i) => {
        if (!known.has(text)) entries.push({ text, vector: vectors[i] });
      });
      return { entries: entries.slice(-this.maxEntries) };
    });
  }

  async get(context: BlockContext & { messages: readonly ChatMessage[] }): Promise<string> {
    const query = [...context.messages].reverse().find((m) => m.role === "user");
    const entries = await this.entries(context);
    if (!query || entries.length === 0) return "";
    const text = messageText(query);
    if (text.trim() === "") return "";
    const [q] = await this.embedding.embed([text], { signal: context.signal });
    return entries
      .map((entry) => ({ entry, score: cosineSimilarity(q, entry.vector) }))
      .filter((r) => r.score >= this.minSimilarity && r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, this.topK)
      .map((r) => r.entry.text)
      .join(SEPARATOR);
  }

  /** Keeps the most similar turns that fit. */
  truncate(content: string, maxTokens: number, tokenizer: Tokenizer): string {
    const kept: string[] = [];
    for (const part of content.split(SEPARATOR)) {
      if (tokenizer.count([...kept, part].join(SEPARATOR)) > maxTokens) break;
      kept.push(part);
    }
    return kept.join(SEPARATOR);
  }
}

