/** How big a context may grow; `new Workflow({ contextLimits })`. The same limits hold in `store.set`, `setState`,
 * `editState`, `toDict` and `fromDict`, so whatever the store accepts can be saved and restored. */
export interface ContextLimits {
  /**
   * How many keys deep a value may sit, counted from the root of the store or of the state (`store.set("a.b", 1)`
   * puts 1 at depth 2; array indexes count as keys). Default 100, at most 1000.
   */
  maxDepth?: number;
  /** How many characters of JSON the store, and the state, may each take. Default 16 Mi. */
  maxSize?: number;
}

export const DEFAULT_CONTEXT_LIMITS: Readonly<Required<ContextLimits>> = Object.freeze({ maxDepth: 100, maxSize: 16 * 1024 * 1024 });

/** Deeper than this, serializing (which recurses) could overflow the stack. */
const DEPTH_CEILING = 1000;

/** Fills in the defaults and refuses limits that cannot work, naming the option. */
export function resolveContextLimits(limits: ContextLimits | undefined, where = ""): Readonly<Required<ContextLimits>> {
  if (limits === undefined) return DEFAULT_CONTEXT_LIMITS;
  const { maxDepth = DEFAULT_CONTEXT_LIMITS.maxDepth, maxSize = DEFAULT_CONTEXT_LIMITS.maxSize } = limits;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > DEPTH_CEILING) {
    throw new RangeError(`${where}contextLimits.maxDepth must be a whole number from 1 to ${DEPTH_CEILING}, got ${String(maxDepth)}`);
  }
  if (!Number.isInteger(maxSize) || maxSize < 2) throw new RangeError(`${where}contextLimits.maxSize must be a whole number of at least 2, got ${String(maxSize)}`);
  return Object.freeze({ maxDepth, maxSize });
}
