/** JSON for trace attributes; never throws (cycles, BigInt …) because tracing must not break a call. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
  } catch {
    return String(value);
  }
}
