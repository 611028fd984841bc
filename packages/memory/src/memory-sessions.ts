import { bindStepSignal, combineSignals, type StepSignalAware } from "@weft/core";
import { MemoryInputError } from "./errors/memory-input-error.js";
import { Memory } from "./memory.js";
import type { MemoryOptions } from "./memory-options.js";

export interface MemorySessionsOptions extends Omit<MemoryOptions, "sessionId"> {
  /**
   * How many sessions' `Memory` objects to keep (default 1000); the least recently used is dropped first.
   * Dropping loses nothing: messages and block states live in the store.
   */
  maxSessions?: number;
}

/**
 * One memory per session, built on first use and reused, all sharing one store, budget and set of
 * blocks (blocks keep their state per session in the store). Made to be a workflow resource:
 *
 * ```ts
 * const memory = resource("memory", () => new MemorySessions({ store: new SQLiteMemoryStore("chat.db") }), {
 *   dispose: (sessions) => sessions.close(),
 * });
 * // in a step: const mem = memory.forSession(ev.userId); await mem.put(…)
 * ```
 */
export class MemorySessions implements StepSignalAware<MemorySessions> {
  readonly maxSessions: number;
  private readonly options: Omit<MemoryOptions, "sessionId">;
  private readonly memories = new Map<string, Memory>();
  /** Set on a view bound to a step's signal: the memories it hands out follow that signal. */
  private readonly signal?: AbortSignal;

  constructor(options: MemorySessionsOptions = {}) {
    const { maxSessions = 1000, ...memoryOptions } = options;
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new MemoryInputError(`options.maxSessions must be a whole number ≥ 1, got ${maxSessions}`, "options.maxSessions");
    }
    this.maxSessions = maxSessions;
    // Check the shared options once, now, rather than on the first session.
    const probe = new Memory({ ...memoryOptions, sessionId: "probe" });
    this.options = { ...memoryOptions, store: probe.store };
  }

  /** These sessions, sharing the cache and store, handing out memories bound to `signal`. */
  [bindStepSignal](signal: AbortSignal): MemorySessions {
    const view = Object.create(this) as MemorySessions;
    Object.defineProperty(view, "signal", { value: combineSignals(this.signal, signal) });
    return view;
  }

  /**
   * The memory of `sessionId`, the same object on every call while it stays cached (on a view bound to a
   * step's signal: a view of that object following the signal).
   */
  forSession(sessionId: string): Memory {
    let memory = this.memories.get(sessionId);
    if (memory) {
      // Re-insert to mark it most recently used.
      this.memories.delete(sessionId);
    } else {
      memory = new Memory({ ...this.options, sessionId });
    }
    this.memories.set(sessionId, memory);
    if (this.memories.size > this.maxSessions) this.memories.delete(this.memories.keys().next().value as string);
    return this.signal ? memory[bindStepSignal](this.signal) : memory;
  }

  /** How many sessions are cached now. */
  get size(): number {
    return this.memories.size;
  }

  /** Closes the shared store. */
  async close(): Promise<void> {
    this.memories.clear();
    await this.options.store?.close();
  }
}
