import type { Span } from "@opentelemetry/api";
import {
  ATTR_INPUT_MIME_TYPE,
  ATTR_INPUT_VALUE,
  ATTR_OPENINFERENCE_SPAN_KIND,
  ATTR_OUTPUT_MIME_TYPE,
  ATTR_OUTPUT_VALUE,
  attributeJson,
  bindStepSignal,
  combineSignals,
  REDACTED,
  type StepSignalAware,
  withStepSignal,
} from "@weft/core";
import { checkBlocks } from "./blocks/check-block.js";
import type { BlockContext, MemoryBlock } from "./blocks/memory-block.js";
import { renderMemoryText, type BlockSection } from "./blocks/render-memory-text.js";
import { FlushError } from "./errors/flush-error.js";
import { warnFlushError } from "./errors/warn-flush-error.js";
import { MemoryInputError } from "./errors/memory-input-error.js";
import { MessageTooLargeError } from "./errors/message-too-large-error.js";
import { TokenBudgetError } from "./errors/token-budget-error.js";
import { insertMemory, type InsertMethod } from "./history/insert-memory.js";
import { planFlush } from "./history/plan-flush.js";
import { planWindow } from "./history/plan-window.js";
import { splitTurns } from "./history/split-turns.js";
import type { MemoryOptions } from "./memory-options.js";
import type { ChatMessage } from "./messages/chat-message.js";
import { validateMessage } from "./messages/validate-message.js";
import { InMemoryStore } from "./stores/in-memory-store.js";
import type { ListOptions, MemoryStore, StoredMessage } from "./stores/memory-store.js";
import { countMessageTokens } from "./tokens/count-message-tokens.js";
import { gptTokenizer } from "./tokens/gpt-tokenizer.js";
import type { Tokenizer } from "./tokens/tokenizer.js";
import { resolveTraceOptions, type TraceOptions } from "./tracing/trace-options.js";
import { withSpan } from "./tracing/with-span.js";

const isUser = (m: StoredMessage) => m.message.role === "user";

/**
 * A session's chat memory: the recent conversation, cut to a token budget at whole turns, plus memory
 * blocks fed with the turns that no longer fit. Every operation is traced (`memory.put`, `memory.get`,
 * `memory.flush`) under whatever span is active, e.g. the workflow step calling it.
 *
 * `put` stores its message and resolves, or stores nothing and rejects: it never rejects after storing,
 * so retrying a rejected put cannot duplicate a message. A flush failing after the message was stored
 * goes to `onFlushError` and is retried on the next put.
 *
 * Handed to a workflow step, the memory follows the step's signal (`[bindStepSignal]`): cancel and
 * timeouts end its waits for a busy store and its blocks' model calls, and an aborted operation rejects
 * with the signal's reason having written nothing, except that a put whose message was already stored
 * resolves, leaving its flush for the next put.
 */
export class Memory implements StepSignalAware<Memory> {
  readonly sessionId: string;
  readonly tokenLimit: number;
  readonly chatHistoryTokenRatio: number;
  readonly tokenFlushSize: number;
  readonly blocks: readonly MemoryBlock[];
  readonly store: MemoryStore;
  readonly insertMethod: InsertMethod;
  private readonly tokenizerOption: Tokenizer | string;
  private tokenizerLoad?: Promise<Tokenizer>;
  private readonly traceOptions: TraceOptions;
  private readonly onFlushError: (error: FlushError) => void;
  /** Set on a view bound to a step's signal. */
  private readonly signal?: AbortSignal;
  /** The store before any binding: giving turns back after an aborted flush must not itself be aborted. */
  private readonly unboundStore: MemoryStore;
  /** Token counts of active messages by id: counting is the costly part of `get`. */
  private readonly tokenCache = new Map<string, number>();

  static fromDefaults(options: MemoryOptions): Memory {
    return new Memory(options);
  }

  constructor(options: MemoryOptions) {
    if (typeof options !== "object" || options === null) throw new MemoryInputError("Memory needs an options object", "options");
    if (typeof options.sessionId !== "string" || options.sessionId.trim() === "") {
      throw new MemoryInputError(`options.sessionId must be a non-empty string, got ${JSON.stringify(options.sessionId)}`, "options.sessionId");
    }
    if (options.sessionId.includes("\u0000")) {
      throw new MemoryInputError("options.sessionId must not contain NUL characters", "options.sessionId");
    }
    this.sessionId = options.sessionId;
    this.tokenLimit = wholeNumber(options.tokenLimit ?? 30000, "tokenLimit");
    this.chatHistoryTokenRatio = options.chatHistoryTokenRatio ?? 0.7;
    if (!(this.chatHistoryTokenRatio > 0 && this.chatHistoryTokenRatio <= 1)) {
      throw new MemoryInputError(
        `options.chatHistoryTokenRatio must be in (0, 1], got ${options.chatHistoryTokenRatio}`,
        "options.chatHistoryTokenRatio",
      );
    }
    // 3000 suits the default 30000 budget; a small budget would otherwise flush nearly all history at once.
    this.tokenFlushSize = wholeNumber(options.tokenFlushSize ?? Math.max(1, Math.min(3000, Math.floor(this.tokenLimit / 10))), "tokenFlushSize");
    this.blocks = [...(options.blocks ?? [])];
    checkBlocks(this.blocks);
    this.store = options.store ?? new InMemoryStore();
    this.insertMethod = options.insertMethod ?? "system";
    if (this.insertMethod !== "system" && this.insertMethod !== "user") {
      throw new MemoryInputError(`options.insertMethod must be "system" or "user", got ${JSON.stringify(options.insertMethod)}`, "options.insertMethod");
    }
    this.tokenizerOption = options.tokenizer ?? "gpt-4o";
    this.traceOptions = options.trace ?? {};
    if (options.onFlushError !== undefined && typeof options.onFlushError !== "function") {
      throw new MemoryInputError("options.onFlushError must be a function", "options.onFlushError");
    }
    this.onFlushError = options.onFlushError ?? warnFlushError;
    this.unboundStore = this.store;
  }

  /**
   * This memory (same session, store connection and caches) with every operation also stopped by
   * `signal`. The workflow engine calls it when it hands the memory to a step.
   */
  [bindStepSignal](signal: AbortSignal): Memory {
    const combined = combineSignals(this.signal, signal);
    const view = Object.create(this) as Memory;
    Object.defineProperties(view, {
      signal: { value: combined },
      store: { value: withStepSignal(this.unboundStore, combined!), enumerable: true },
    });
    return view;
  }

  /** The most tokens the active chat history may hold before its oldest turns are flushed. */
  get historyTokenLimit(): number {
    return Math.floor(this.tokenLimit * this.chatHistoryTokenRatio);
  }

  /** The tokenizer in use (loads the model's encoding on first call). */
  tokenizer(): Promise<Tokenizer> {
    if (!this.tokenizerLoad) {
      const option = this.tokenizerOption;
      this.tokenizerLoad = typeof option === "string" ? gptTokenizer(option) : Promise.resolve(option);
    }
    return this.tokenizerLoad;
  }

  /** Stores one message, then flushes the oldest turns if the history outgrew its share of the budget. */
  async put(message: ChatMessage): Promise<void> {
    await this.putInSpan([validateMessage(message, "message")]);
  }

  /** Stores messages in order, atomically (all or none), then flushes if needed. */
  async putMessages(messages: readonly ChatMessage[]): Promise<void> {
    if (!Array.isArray(messages)) throw new MemoryInputError("messages must be an array of chat messages", "messages");
    await this.putInSpan(messages.map((m, i) => validateMessage(m, `messages[${i}]`)));
  }

  /**
   * What to send to the model: the newest whole turns that fit, with the blocks' text in a system
   * message (or the latest user message). Blocks are cut by priority when the budget is tight.
   * Throws `TokenBudgetError` when not even the latest turn fits next to the blocks that are never cut.
   */
  async get(): Promise<ChatMessage[]> {
    return withSpan("memory.get", async (span) => {
      this.describeSpan(span);
      this.signal?.throwIfAborted();
      const tokenizer = await this.tokenizer();
      const active = await this.store.list(this.sessionId, { archived: false });
      const turns = splitTurns(active, isUser);
      const turnTokens = turns.map((turn) => turn.reduce((sum, m) => sum + this.tokensOf(m, tokenizer), 0));
      const history = active.map((m) => m.message);
      const rendered = await this.renderBlocks(history, tokenizer);

      const fixed = rendered.filter((r) => r.block.priority === 0);
      const fixedCost = fixed.length === 0 ? 0 : countMessageTokens({ role: "system", content: renderMemoryText(fixed) }, tokenizer);
      if (fixedCost > this.tokenLimit) {
        throw new TokenBudgetError(
          `memory blocks with priority 0 (${fixed.map((r) => r.name).join(", ")}) need ${fixedCost} tokens, ` +
            `more than tokenLimit ${this.tokenLimit}; give them a priority > 0 so they can be cut, or raise tokenLimit`,
          fixedCost,
          this.tokenLimit,
        );
      }
      let window = planWindow(turnTokens, this.tokenLimit - fixedCost);
      this.checkLatestTurnFits(turns, turnTokens, window.turns, this.tokenLimit - fixedCost);

      for (;;) {
        const windowStored = turns.slice(turns.length - window.turns).flat();
        const windowMessages = windowStored.map((m) => m.message);
        const cost = (sections: readonly BlockSection[]): { messages: ChatMessage[]; tokens: number } => {
          if (sections.length === 0) return { messages: windowMessages, tokens: window.tokens };
          const ordered = this.blocks.flatMap((b) => sections.filter((s) => s.name === b.name));
          const ins = insertMemory(windowMessages, renderMemoryText(ordered), this.insertMethod);
          const before = ins.replaced ? this.tokensOf(windowStored[ins.changed], tokenizer) : 0;
          return { messages: ins.messages, tokens: window.tokens - before + countMessageTokens(ins.messages[ins.changed], tokenizer) };
        };
        const chosen = this.chooseBlocks(rendered, cost, tokenizer);
        const result = cost(chosen.kept);
        if (result.tokens > this.tokenLimit && window.turns > 1) {
          // Merging the fixed blocks cost more than estimated; give up the oldest turn.
          window = { turns: window.turns - 1, tokens: window.tokens - turnTokens[turns.length - window.turns] };
          continue;
        }
        if (result.tokens > this.tokenLimit) {
          throw new TokenBudgetError(
            `the latest turn and the fixed memory blocks need ${result.tokens} tokens, more than tokenLimit ${this.tokenLimit}`,
            result.tokens,
            this.tokenLimit,
          );
        }
        if (span.isRecording()) {
          const options = resolveTraceOptions(this.traceOptions);
          span.setAttributes({
            "weft.memory.tokens": result.tokens,
            "weft.memory.history_tokens": window.tokens,
            "weft.memory.block_tokens": result.tokens - window.tokens,
            "weft.memory.message_count": result.messages.length,
            "weft.memory.dropped_messages": active.length - windowStored.length,
            "weft.memory.blocks": chosen.kept.map((s) => s.name),
            "weft.memory.blocks_dropped": chosen.dropped,
            "weft.memory.blocks_truncated": chosen.truncated,
            [ATTR_OUTPUT_VALUE]: options.hideOutputs ? REDACTED : attributeJson(result.messages, options.maxValueLength),
            [ATTR_OUTPUT_MIME_TYPE]: "application/json",
          });
        }
        return result.messages;
      }
    });
  }

  /** Every stored message of the session in order: archived ones too unless `archived` says otherwise. */
  async getAll(options: ListOptions = {}): Promise<ChatMessage[]> {
    this.signal?.throwIfAborted();
    return (await this.store.list(this.sessionId, options)).map((m) => m.message);
  }

  /** Replaces the active history with `messages` (archived messages and block states stay). */
  async set(messages: readonly ChatMessage[]): Promise<void> {
    if (!Array.isArray(messages)) throw new MemoryInputError("messages must be an array of chat messages", "messages");
    const checked = messages.map((m, i) => validateMessage(m, `messages[${i}]`));
    const tokenizer = await this.tokenizer();
    checked.forEach((m, i) => this.checkSize(m, tokenizer, `messages[${i}]`));
    this.signal?.throwIfAborted();
    const stored = await this.store.replaceActive(this.sessionId, checked);
    this.tokenCache.clear();
    for (const m of stored) this.tokensOf(m, tokenizer);
  }

  /** Deletes the session: its messages, archived ones included, and its blocks' states. */
  async reset(): Promise<void> {
    this.signal?.throwIfAborted();
    await this.store.clear(this.sessionId);
    this.tokenCache.clear();
  }

  private async putInSpan(messages: ChatMessage[]): Promise<void> {
    await withSpan("memory.put", async (span) => {
      this.describeSpan(span);
      this.signal?.throwIfAborted();
      const tokenizer = await this.tokenizer();
      const tokens = messages.map((m, i) => this.checkSize(m, tokenizer, messages.length === 1 ? "message" : `messages[${i}]`));
      if (span.isRecording()) {
        const options = resolveTraceOptions(this.traceOptions);
        span.setAttributes({
          "weft.memory.tokens": tokens.reduce((a, b) => a + b, 0),
          "weft.memory.message_count": messages.length,
          [ATTR_INPUT_VALUE]: options.hideInputs ? REDACTED : attributeJson(messages, options.maxValueLength),
          [ATTR_INPUT_MIME_TYPE]: "application/json",
        });
      }
      this.signal?.throwIfAborted();
      const stored = await this.store.append(this.sessionId, messages);
      stored.forEach((m, i) => this.tokenCache.set(m.id, tokens[i]));
      // Stored: from here on the put resolves, whatever happens to the flush.
      try {
        span.setAttribute("weft.memory.history_tokens", await this.flushIfNeeded(tokenizer));
      } catch (error) {
        this.reportFlushFailure(span, error);
      }
    });
  }

  private reportFlushFailure(span: Span, error: unknown): void {
    const aborted = this.signal?.aborted === true;
    span.setAttribute("weft.memory.flush_failed", true);
    if (aborted) {
      // Cancelled, not failed: the turns are back in the active history for the next put.
      span.setAttribute("weft.memory.flush_aborted", true);
      return;
    }
    const failure = error instanceof FlushError ? error : new FlushError(this.sessionId, undefined, { cause: error });
    span.recordException(failure);
    try {
      this.onFlushError(failure);
    } catch (handlerError) {
      // A throwing handler must not turn a stored put into a rejected one.
      warnFlushError(new FlushError(this.sessionId, undefined, { cause: handlerError }));
    }
  }

  /** Returns the active history's tokens after any flush. */
  private async flushIfNeeded(tokenizer: Tokenizer): Promise<number> {
    const active = await this.store.list(this.sessionId, { archived: false });
    this.pruneTokenCache(active);
    const turns = splitTurns(active, isUser);
    const turnTokens = turns.map((turn) => turn.reduce((sum, m) => sum + this.tokensOf(m, tokenizer), 0));
    const total = turnTokens.reduce((a, b) => a + b, 0);
    const count = planFlush(turnTokens, this.historyTokenLimit, this.tokenFlushSize);
    if (count === 0) return total;
    return withSpan("memory.flush", async (span) => {
      this.describeSpan(span);
      const candidates = turns.slice(0, count).flat();
      // Another writer may be flushing the same turns; only what this call archived is ours to hand on.
      const archived = await this.store.archive(this.sessionId, candidates.map((m) => m.id));
      const flushedTokens = archived.reduce((sum, m) => sum + this.tokensOf(m, tokenizer), 0);
      span.setAttributes({
        "weft.memory.archived_count": archived.length,
        "weft.memory.tokens": flushedTokens,
        "weft.memory.history_tokens": total - flushedTokens,
        "weft.memory.history_token_limit": this.historyTokenLimit,
      });
      if (archived.length === 0) return total;
      const messages = archived.map((m) => m.message);
      for (const block of this.blocks) {
        if (!block.put) continue;
        try {
          this.signal?.throwIfAborted();
          await block.put({ ...this.blockContext(block, tokenizer), messages });
        } catch (error) {
          await this.unboundStore.unarchive(this.sessionId, archived.map((m) => m.id));
          throw new FlushError(this.sessionId, block.name, { cause: error });
        }
      }
      for (const m of archived) this.tokenCache.delete(m.id);
      return total - flushedTokens;
    });
  }

  private async renderBlocks(
    history: readonly ChatMessage[],
    tokenizer: Tokenizer,
  ): Promise<Array<BlockSection & { block: MemoryBlock }>> {
    const rendered = await Promise.all(
      this.blocks.map(async (block) => ({
        block,
        name: block.name,
        content: await block.get({ ...this.blockContext(block, tokenizer), messages: history }),
      })),
    );
    return rendered.filter((r) => typeof r.content === "string" && r.content.trim() !== "");
  }

  /** Keeps every priority-0 block, then adds the others from priority 1 up while they fit, truncating where they can. */
  private chooseBlocks(
    rendered: ReadonlyArray<BlockSection & { block: MemoryBlock }>,
    cost: (sections: readonly BlockSection[]) => { tokens: number },
    tokenizer: Tokenizer,
  ): { kept: BlockSection[]; dropped: string[]; truncated: string[] } {
    let kept: BlockSection[] = rendered.filter((r) => r.block.priority === 0).map(({ name, content }) => ({ name, content }));
    const dropped: string[] = [];
    const truncated: string[] = [];
    const optional = rendered.filter((r) => r.block.priority > 0).sort((a, b) => a.block.priority - b.block.priority);
    for (const r of optional) {
      const whole = [...kept, { name: r.name, content: r.content }];
      if (cost(whole).tokens <= this.tokenLimit) {
        kept = whole;
        continue;
      }
      const room = this.tokenLimit - cost([...kept, { name: r.name, content: "" }]).tokens;
      const cut = r.block.truncate && room > 0 ? r.block.truncate(r.content, room, tokenizer) : "";
      const partial = [...kept, { name: r.name, content: cut }];
      if (cut.trim() !== "" && cost(partial).tokens <= this.tokenLimit) {
        kept = partial;
        truncated.push(r.name);
      } else {
        dropped.push(r.name);
      }
    }
    return { kept, dropped, truncated };
  }

  private checkLatestTurnFits(turns: StoredMessage[][], turnTokens: number[], fitting: number, available: number): void {
    if (turns.length === 0 || fitting > 0) return;
    const latest = turns[turns.length - 1];
    const needed = turnTokens[turnTokens.length - 1];
    throw new TokenBudgetError(
      `the latest turn of session "${this.sessionId}" (from message ${latest[0].id}, ${latest.length} messages) needs ` +
        `${needed} tokens but only ${available} are available (tokenLimit ${this.tokenLimit} minus blocks that are never cut)`,
      needed,
      available,
    );
  }

  private blockContext(block: MemoryBlock, tokenizer: Tokenizer): BlockContext {
    const { store, sessionId, signal } = this;
    return {
      sessionId,
      block: block.name,
      tokenizer,
      signal,
      state: {
        read: () => store.readBlockState(sessionId, block.name),
        update: (update) => store.updateBlockState(sessionId, block.name, update),
      },
    };
  }

  private checkSize(message: ChatMessage, tokenizer: Tokenizer, where: string): number {
    const tokens = countMessageTokens(message, tokenizer);
    if (tokens > this.historyTokenLimit) throw new MessageTooLargeError(tokens, this.historyTokenLimit, where);
    return tokens;
  }

  /** Other processes archive and replace messages too; forget counts of messages no longer active. */
  private pruneTokenCache(active: readonly StoredMessage[]): void {
    if (this.tokenCache.size <= 2 * active.length + 16) return;
    const ids = new Set(active.map((m) => m.id));
    for (const id of this.tokenCache.keys()) if (!ids.has(id)) this.tokenCache.delete(id);
  }

  private tokensOf(m: StoredMessage, tokenizer: Tokenizer): number {
    let tokens = this.tokenCache.get(m.id);
    if (tokens === undefined) {
      tokens = countMessageTokens(m.message, tokenizer);
      this.tokenCache.set(m.id, tokens);
    }
    return tokens;
  }

  private describeSpan(span: Span): void {
    if (!span.isRecording()) return;
    span.setAttributes({
      [ATTR_OPENINFERENCE_SPAN_KIND]: "CHAIN",
      "session.id": this.sessionId,
      "weft.memory.session_id": this.sessionId,
      "weft.memory.store": this.store.kind,
      "weft.memory.token_limit": this.tokenLimit,
      ...(typeof this.tokenizerOption === "string" ? {} : { "weft.memory.tokenizer": this.tokenizerOption.name }),
    });
  }
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new MemoryInputError(`options.${name} must be a whole number ≥ 1, got ${value}`, `options.${name}`);
  }
  return value;
}
