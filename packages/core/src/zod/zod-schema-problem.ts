/**
 * Why `value` is not a zod 4 schema, or `undefined` when it is one. Weft's packages take zod as a peer, so a
 * schema from another zod major reaches them as a foreign object: this names the version it came from
 * instead of a bare "expected a Zod schema".
 */
export function zodSchemaProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `expected a zod 4 schema, got ${value === null ? "null" : typeof value}`;
  const internals = (value as { _zod?: { version?: { major?: unknown; minor?: unknown; patch?: unknown } } })._zod;
  if (internals && typeof internals === "object") {
    const version = internals.version;
    if (version?.major === 4) return undefined;
    if (version && typeof version.major === "number") {
      return `Weft needs zod 4, but this schema comes from zod ${version.major}.${String(version.minor)}.${String(version.patch)}`;
    }
    return undefined;
  }
  // zod 3 schemas carry their definition in `_def` (with a `typeName`) and no version of their own.
  const definition = (value as { _def?: { typeName?: unknown } })._def;
  if (definition && typeof definition === "object") {
    const kind = typeof definition.typeName === "string" ? ` (a ${definition.typeName})` : "";
    return `Weft needs zod 4, but this schema${kind} comes from zod 3; install zod@^4 and import z from "zod"`;
  }
  return `expected a zod 4 schema, got ${(value as object).constructor?.name ?? "an object"}`;
}
