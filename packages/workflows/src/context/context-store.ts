import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";
import { WorkflowRuntimeError } from "../errors/errors.js";
import { DEFAULT_CONTEXT_LIMITS, type ContextLimits } from "./context-limits.js";
import { measureJSON } from "./measure-json.js";
import { measurePart } from "./snapshot-limits.js";
import { ownValue, storePath } from "./store-path.js";

const MISSING = Symbol("missing");

/** The store whose `editState`/`setState` the current async flow runs inside, so nested calls do not wait for themselves. */
const editing = new AsyncLocalStorage<object>();

function readPath(root: Record<string, unknown>, parts: readonly string[]): unknown {
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, part)) return MISSING;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Writes `value` at the path and returns how to undo the write (a refused value leaves the store as it was). */
function writePath(root: Record<string, unknown>, key: string, parts: readonly string[], value: unknown): () => void {
  let node = root;
  let undo: (() => void) | undefined;
  const undoer = (parent: Record<string, unknown>, part: string): (() => void) => {
    if (!Object.prototype.hasOwnProperty.call(parent, part)) return () => void delete parent[part];
    const old = parent[part];
    return () => void (parent[part] = old);
  };
  for (let i = 0; i < parts.length - 1; i++) {
    const next = ownValue(node, parts[i]);
    if (next === undefined) {
      undo ??= undoer(node, parts[i]);
      node = node[parts[i]] = {};
    } else if (next !== null && typeof next === "object") node = next as Record<string, unknown>;
    else throw new WorkflowRuntimeError(`store.set("${key}"): "${parts.slice(0, i + 1).join(".")}" holds a ${typeof next}, not an object`);
  }
  const last = parts[parts.length - 1];
  undo ??= undoer(node, last);
  node[last] = value;
  return undo;
}

/**
 * A context's data: a key/value store (dotted paths reach into objects) and the typed state of the workflow's `state`
 * schema. State edits are serialized, so an `editState` is atomic with respect to every other step of the run.
 */
export class ContextStore<S = Record<string, unknown>> {
  private values: Record<string, unknown>;
  private state: S;
  private lock: Promise<unknown> = Promise.resolve();
  /** Characters of JSON each top-level key takes (its name and separators included), and the store's total. */
  private readonly sizes = new Map<string, number>();
  private size = 1;
  /** @internal Counts changes of store or state, so a journal carries a snapshot only after one. */
  changes = 0;

  /** @internal */
  constructor(
    private readonly schema: z.ZodObject | undefined,
    private readonly limits: Readonly<Required<ContextLimits>> = DEFAULT_CONTEXT_LIMITS,
    values: Record<string, unknown> = {},
    state?: unknown,
  ) {
    this.values = values;
    for (const key of Object.keys(values)) this.account(key);
    this.state = (state === undefined ? this.initialState() : this.checkState(state, "restored state")) as S;
  }

  /** Measures top-level key `key` against what the rest of the store leaves, and records its size. */
  private account(key: string): void {
    const before = this.sizes.get(key) ?? 0;
    const overhead = key.length + 4;
    const { maxDepth, maxSize } = this.limits;
    const budget = maxSize - (this.size - before) - overhead;
    const cost = overhead + measureJSON(this.values[key], { maxDepth, maxSize, budget, depth: 1, path: [key], label: "store key", whole: "the store" });
    this.sizes.set(key, cost);
    this.size += cost - before;
  }

  private measureState(state: unknown): void {
    measureJSON(state, { ...this.limits, budget: this.limits.maxSize, depth: 0, path: [], label: "state key", whole: "the state" });
  }

  private initialState(): unknown {
    if (!this.schema) return {};
    return this.checkState({}, "the initial state (does every field of the state schema have a default?)");
  }

  private checkState(state: unknown, what: string): S {
    if (!this.schema) return state as S;
    const parsed = this.schema.safeParse(state);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(state)"}: ${i.message}`);
      throw new WorkflowRuntimeError(`Invalid ${what}:\n${lines.join("\n")}`);
    }
    return parsed.data as S;
  }

  /** Reads a key (a dotted path reaches into objects). A missing key without a default throws. */
  async get<T = unknown>(key: string, ...defaultValue: [T?]): Promise<T> {
    const value = readPath(this.values, storePath(key));
    if (value !== MISSING) return value as T;
    if (defaultValue.length > 0) return defaultValue[0] as T;
    throw new WorkflowRuntimeError(`store.get("${key}"): no such key, and no default was given`);
  }

  async set(key: string, value: unknown): Promise<void> {
    const parts = storePath(key);
    const undo = writePath(this.values, key, parts, value);
    try {
      this.account(parts[0]);
    } catch (error) {
      undo();
      throw error;
    }
    this.changes++;
  }

  /** A copy of the state; change it with `setState` or `editState`. */
  async getState(): Promise<S> {
    // inside an edit, the committed state: waiting for the lock would wait for the edit itself
    if (editing.getStore() !== this) await this.lock;
    return structuredClone(this.state);
  }

  /** Replaces the state after validating it against the schema. */
  setState(state: S): Promise<void> {
    return this.exclusive("setState", async () => {
      this.measureState(state);
      this.state = this.checkState(structuredClone(state), "state passed to setState");
      this.changes++;
    });
  }

  /**
   * Changes the state atomically: `fn` gets a draft to mutate (or returns a new state); the result is validated and
   * committed only if `fn` succeeds. Edits from concurrent steps run one after another.
   */
  editState(fn: (state: S) => void | S | Promise<void | S>): Promise<S> {
    return this.exclusive("editState", async () => {
      const draft = structuredClone(this.state);
      const returned = await fn(draft);
      this.measureState(returned === undefined ? draft : returned);
      this.state = this.checkState(returned === undefined ? draft : returned, "state after editState");
      this.changes++;
      return structuredClone(this.state);
    });
  }

  private exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (editing.getStore() === this) {
      return Promise.reject(
        new WorkflowRuntimeError(
          `store.${what}() inside an editState/setState callback would wait for that edit to end, which waits for it: change the draft or return the new state instead`,
        ),
      );
    }
    const result = this.lock.then(() => editing.run(this, fn));
    this.lock = result.catch(() => undefined);
    return result;
  }

  /** @internal Replaces store and state with those a journal recorded (a rebuilt run's). */
  restore(values: Record<string, unknown>, state: unknown): void {
    this.values = structuredClone(values);
    this.state = this.checkState(structuredClone(state), "state from the journal");
  }

  /** @internal Plain-JSON copy; a value that cannot be JSON is named. */
  snapshot(): { store: Record<string, unknown>; state: unknown } {
    // an empty part is copied as {} without a walk: it fits any limits (maxSize is at least 2), and most runs never
    // touch their store, while a journal takes a snapshot with the first step completion of every run
    const storeEmpty = isEmptyObject(this.values);
    const stateEmpty = isEmptyObject(this.state);
    // measured first: a value mutated in place since it was set may have outgrown the limits
    if (!storeEmpty) measurePart(this.values, "store", this.limits);
    if (!stateEmpty) measurePart(this.state, "state", this.limits);
    return { store: storeEmpty ? {} : toPlainJSON(this.values, "store"), state: stateEmpty ? {} : toPlainJSON(this.state, "state") };
  }
}

/** A plain object with no key JSON would write, and nothing to call: its JSON copy is `{}`. */
function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  for (const _ in value) return false;
  return true;
}

function toPlainJSON<T>(value: T, where: string): T {
  try {
    return JSON.parse(JSON.stringify(value ?? null, (key, v: unknown) => {
      if (typeof v === "function" || typeof v === "symbol") throw new TypeError(`key "${key}" holds a ${typeof v}`);
      if (typeof v === "bigint") throw new TypeError(`key "${key}" holds a bigint`);
      return v;
    })) as T;
  } catch (cause) {
    throw new WorkflowRuntimeError(`Context ${where} is not serializable to JSON: ${(cause as Error).message}`, { cause });
  }
}
