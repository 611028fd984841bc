import { MemoryInputError } from "../errors/memory-input-error.js";

/**
 * Throws unless `value` survives a JSON round trip unchanged (plain objects, arrays, strings, finite
 * numbers, booleans, null; `undefined` only as an object property, where it means "absent").
 * Stores keep messages as JSON, so anything else would come back different from what was put.
 */
export function checkJsonValue(value: unknown, where: string, seen: Set<object> = new Set()): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new MemoryInputError(`${where} is ${value}, which JSON cannot hold`, where);
      return;
    case "undefined":
      throw new MemoryInputError(`${where} is undefined, which JSON cannot hold`, where);
    case "bigint":
    case "function":
    case "symbol":
      throw new MemoryInputError(`${where} is a ${typeof value}; only JSON values can be stored`, where);
  }
  if (value === null) return;
  const obj = value as object;
  if (seen.has(obj)) throw new MemoryInputError(`${where} refers back to itself (a cycle); it cannot be stored`, where);
  seen.add(obj);
  if (Array.isArray(obj)) {
    obj.forEach((item, i) => checkJsonValue(item, `${where}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? "non-plain object";
      throw new MemoryInputError(`${where} is a ${kind}; only plain JSON objects can be stored`, where);
    }
    for (const [key, item] of Object.entries(obj)) {
      if (item !== undefined) checkJsonValue(item, `${where}.${key}`, seen);
    }
  }
  seen.delete(obj);
}
