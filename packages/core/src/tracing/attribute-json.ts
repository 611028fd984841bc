import { truncate } from "./truncate.js";

/** JSON for a span attribute; never throws, because tracing must not break the call it watches. BigInts become strings. */
export function toJson(value: unknown): string {
  try {
    // Without a replacer first: a replacer function takes JSON.stringify off its fast path for every value, to serve
    // BigInts, which a span's payload hardly ever holds. Only a value it threw on pays for the second try.
    return JSON.stringify(value) ?? "null";
  } catch {
    return toJsonWithBigInts(value);
  }
}

function toJsonWithBigInts(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
  } catch (error) {
    return `[unserializable: ${error instanceof Error ? error.message : String(error)}]`;
  }
}

/** A value for a span attribute cut to `max` characters: a string as it is, anything else as JSON. */
export function attributeJson(value: unknown, max: number): string {
  return truncate(typeof value === "string" ? value : toJson(value), max);
}
