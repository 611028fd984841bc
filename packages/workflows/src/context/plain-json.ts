/**
 * A copy of `value` as plain JSON (null, booleans, finite numbers, strings, arrays, plain objects), or a `TypeError`
 * naming where it is not: what a journal keeps must come back equal from another process. `undefined` is allowed at
 * the top (a call that returns nothing) and as an object field (JSON drops it); a class instance, a Date, a Map, a
 * function, a bigint, NaN and a cycle are refused rather than silently changed.
 */
export function plainJson(value: unknown, what: string): unknown {
  if (value === undefined) return undefined;
  return copy(value, what, "", new Set());
}

function copy(value: unknown, what: string, path: string, open: Set<object>): unknown {
  const where = () => `${what} returned ${describe(value)}${path ? ` at ${path}` : ""}, which JSON cannot carry unchanged`;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(where());
      return value;
    case "object":
      break;
    default:
      throw new TypeError(where());
  }
  if (value === null) return null;
  if (open.has(value)) throw new TypeError(`${what} returned a value that refers back to itself${path ? ` at ${path}` : ""}: JSON cannot hold a cycle`);
  open.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((item, i) => {
      if (item === undefined) throw new TypeError(`${what} returned undefined at ${path}[${i}], which JSON writes as null`);
      return copy(item, what, `${path}[${i}]`, open);
    });
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(where());
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) object[key] = copy(field, what, path ? `${path}.${key}` : key, open);
    }
    out = object;
  }
  open.delete(value);
  return out;
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return "a bigint";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "object" && value !== null) return `an object of class ${(value as object).constructor?.name ?? "(none)"}`;
  return String(value);
}
