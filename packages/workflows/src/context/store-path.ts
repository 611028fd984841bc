import { StoreKeyError } from "../errors/errors.js";

/** Segments that name a prototype or its link: walking them would read or write every object's shared members. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Splits a dotted store key, refusing a segment that could reach a prototype and an empty segment. */
export function storePath(key: string): string[] {
  if (typeof key !== "string") throw new TypeError(`store key: expected a string, got ${typeof key}`);
  const parts = key.split(".");
  for (const part of parts) {
    if (part === "") throw new StoreKeyError(key, part, "is an empty segment (a key is dot-separated names)");
    if (FORBIDDEN.has(part)) throw new StoreKeyError(key, part, "is refused: it would reach an object's prototype");
  }
  return parts;
}

/** The object's own property `part`, or undefined (an inherited member is never returned). */
export function ownValue(node: object, part: string): unknown {
  return Object.prototype.hasOwnProperty.call(node, part) ? (node as Record<string, unknown>)[part] : undefined;
}
