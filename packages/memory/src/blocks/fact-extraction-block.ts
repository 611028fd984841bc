import type { LLM } from "@weft/llm";
import { z } from "zod";
import type { ChatMessage } from "../messages/chat-message.js";
import { messageText } from "../messages/message-text.js";
import type { Tokenizer } from "../tokens/tokenizer.js";
import type { BlockContext, MemoryBlock } from "./memory-block.js";
import { parseBlockState } from "./parse-block-state.js";

/** What the block stores: its facts, oldest first. */
export interface FactState {
  facts: string[];
}

const FactStateSchema: z.ZodType<FactState> = z.object({ facts: z.array(z.string()) });

export interface FactExtractionBlockOptions {
  llm: LLM;
  name?: string;
  /** Default 1: the most important of the blocks that may be cut. */
  priority?: number;
  /** At most this many facts are kept (default 50). */
  maxFacts?: number;
  /** Replaces the default extraction instructions (the system message). */
  extractionPrompt?: string;
  /** Replaces the default instructions used to condense the facts when there are more than `maxFacts`. */
  condensePrompt?: string;
}

const FactsSchema = z.object({ facts: z.array(z.string()) });

const EXTRACTION_PROMPT = [
  "You keep long-term memory for an assistant. From the conversation below, extract short, self-contained facts",
  "about the user and their situation that will still matter later (preferences, names, decisions, constraints).",
  "Only facts stated in the conversation; no guesses, no chit-chat, no facts already known.",
  'Answer with JSON: {"facts": ["…", "…"]}; an empty list when there is nothing new.',
].join(" ");

const CONDENSE_PROMPT = [
  "You keep long-term memory for an assistant. Condense the facts below into at most {maxFacts} short facts:",
  "merge duplicates and related facts, keep the newer one when two disagree, drop the least useful.",
  'Answer with JSON: {"facts": ["…"]}.',
].join(" ");

/**
 * Turns flushed conversation into short facts with a model. Facts are deduplicated, capped at
 * `maxFacts` (condensed by the model, then oldest dropped) and persisted in the memory's store, so
 * they survive restarts and are shared by every process serving the session.
 */
export class FactExtractionBlock implements MemoryBlock {
  readonly name: string;
  readonly priority: number;
  readonly maxFacts: number;
  private readonly llm: LLM;
  private readonly extractionPrompt: string;
  private readonly condensePrompt: string;

  constructor(options: FactExtractionBlockOptions) {
    if (!options?.llm || typeof options.llm.structured !== "function") {
      throw new TypeError("FactExtractionBlock: options.llm must be an @weft/llm LLM");
    }
    this.llm = options.llm;
    this.name = options.name ?? "facts";
    this.priority = options.priority ?? 1;
    this.maxFacts = options.maxFacts ?? 50;
    if (!Number.isInteger(this.maxFacts) || this.maxFacts < 1) {
      throw new RangeError(`FactExtractionBlock: maxFacts must be a whole number ≥ 1, got ${options.maxFacts}`);
    }
    this.extractionPrompt = options.extractionPrompt ?? EXTRACTION_PROMPT;
    this.condensePrompt = options.condensePrompt ?? CONDENSE_PROMPT;
  }

  /** The facts stored for the session of `context`, oldest first. */
  async facts(context: BlockContext): Promise<string[]> {
    return parseBlockState(context, FactStateSchema, await context.state.read())?.facts ?? [];
  }

  async get(context: BlockContext): Promise<string> {
    return render(await this.facts(context));
  }

  async put(context: BlockContext & { messages: readonly ChatMessage[] }): Promise<void> {
    const { state, messages, signal } = context;
    const known = await this.facts(context);
    const transcript = messages.map((m) => `${m.role}: ${messageText(m)}`).join("\n");
    const extracted = await this.llm.structured(FactsSchema, [
      { role: "system", content: this.extractionPrompt },
      { role: "user", content: `Known facts:\n${render(known) || "(none)"}\n\nConversation:\n${transcript}` },
    ], { signal });
    let next = dedupe([...known, ...extracted.facts]);
    if (next.length > this.maxFacts) {
      const condensed = await this.llm.structured(FactsSchema, [
        { role: "system", content: this.condensePrompt.replaceAll("{maxFacts}", String(this.maxFacts)) },
        { role: "user", content: render(next) },
      ], { signal });
      next = dedupe(condensed.facts);
    }
    await state.update((stored): FactState => {
      // Keep facts another writer added while the model was thinking.
      const current = parseBlockState(context, FactStateSchema, stored)?.facts ?? [];
      const seen = new Set(known.map(normalize));
      const concurrent = current.filter((fact) => !seen.has(normalize(fact)));
      return { facts: dedupe([...next, ...concurrent]).slice(-this.maxFacts) };
    });
  }

  /** Keeps the newest facts that fit. */
  truncate(content: string, maxTokens: number, tokenizer: Tokenizer): string {
    const lines = content.split("\n");
    const kept: string[] = [];
    for (let i = lines.length - 1; i >= 0; i--) {
      const candidate = [lines[i], ...kept].join("\n");
      if (tokenizer.count(candidate) > maxTokens) break;
      kept.unshift(lines[i]);
    }
    return kept.join("\n");
  }
}

function render(facts: readonly string[]): string {
  return facts.map((fact) => `- ${fact}`).join("\n");
}

function normalize(fact: string): string {
  return fact.trim().toLowerCase().replace(/\s+/g, " ").replace(/[.!;,]+$/, "");
}

/** Drops empty facts and repeats (case, spacing and final punctuation ignored), keeping the first spelling. */
function dedupe(facts: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const fact of facts) {
    const trimmed = fact.trim().replace(/\s+/g, " ");
    const key = normalize(trimmed);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}
