export interface Difference {
  /** Where, e.g. `messages[1].content`. */
  path: string;
  recorded: unknown;
  actual: unknown;
}

/** The differences between two JSON values, in document order (at most `limit`). */
export function differences(recorded: unknown, actual: unknown, path = "", limit = 1_000): Difference[] {
  const out: Difference[] = [];
  walk(recorded, actual, path, out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: Difference[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      walk(a[key], b[key], path === "" ? key : `${path}.${key}`, out, limit);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || "(the whole request)", recorded: a, actual: b });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
