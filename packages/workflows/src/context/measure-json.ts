import { ContextLimitError } from "../errors/errors.js";

/** Where a measured value sits, and what it may take. */
export interface Measure {
  readonly maxDepth: number;
  readonly maxSize: number;
  /** Characters the value itself may take (what `maxSize` leaves for it). */
  readonly budget: number;
  /** How many keys deep the value itself sits. */
  readonly depth: number;
  /** Its path, for errors. */
  readonly path: readonly string[];
  /** What a path names, for errors: `store key`, `state key`, `snapshot key`. */
  readonly label: string;
  /** What `maxSize` bounds, for errors: `the store`, `the state`, `the run`. */
  readonly whole: string;
}

interface Frame {
  readonly node: object;
  /** An object's keys; null for an array. */
  readonly keys: string[] | null;
  readonly length: number;
  next: number;
}

function leafSize(value: unknown): number {
  switch (typeof value) {
    case "string":
      return value.length + 2;
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "bigint":
      return String(value).length;
    default:
      return 4; // null, and what JSON drops or writes as null
  }
}

/**
 * The characters of JSON a value takes, walked without recursion so no depth overflows the stack. Throws a
 * `ContextLimitError` naming the path at the first key deeper than `maxDepth`, past the budget, or closing a cycle.
 * Every key and every comma is counted and a dropped value counts as `null`: never less than `JSON.stringify` makes.
 */
export function measureJSON(value: unknown, m: Measure): number {
  const keys: string[] = [];
  const frames: Frame[] = [];
  const open = new Set<object>();
  const fail = (limit: ContextLimitError["limit"], detail: string): never => {
    throw new ContextLimitError(m.label, [...m.path, ...keys].join("."), limit, detail);
  };
  let size = 0;
  let current: unknown = value;
  for (;;) {
    if (m.depth + keys.length > m.maxDepth) fail("maxDepth", `nests deeper than maxDepth ${m.maxDepth} (keys from the root of ${m.whole})`);
    let v = current;
    if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
      v = (v as { toJSON(key: string): unknown }).toJSON(keys[keys.length - 1] ?? "");
    }
    if (v !== null && typeof v === "object") {
      if (open.has(v)) fail("cycle", "refers back to an object that contains it: JSON cannot hold a cycle");
      open.add(v);
      const objectKeys = Array.isArray(v) ? null : Object.keys(v);
      const length = objectKeys ? objectKeys.length : (v as unknown[]).length;
      size += length > 0 ? length + 1 : 2;
      frames.push({ node: v, keys: objectKeys, length, next: 0 });
    } else {
      size += leafSize(v);
      if (frames.length > 0) keys.pop();
    }
    if (size > m.budget) fail("maxSize", `would make ${m.whole} bigger than maxSize ${m.maxSize} (characters of JSON)`);
    // the next child of the innermost unfinished object, closing the finished ones
    let frame = frames[frames.length - 1];
    while (frame !== undefined && frame.next >= frame.length) {
      frames.pop();
      open.delete(frame.node);
      if (frames.length > 0) keys.pop();
      frame = frames[frames.length - 1];
    }
    if (frame === undefined) return size;
    const at = frame.next++;
    if (frame.keys) {
      const key = frame.keys[at];
      size += key.length + 3;
      keys.push(key);
      current = (frame.node as Record<string, unknown>)[key];
    } else {
      keys.push(String(at));
      current = (frame.node as unknown[])[at];
    }
  }
}
