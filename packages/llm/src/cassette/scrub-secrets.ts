const SECRET_KEY = /^(api[-_]?key|x[-_]api[-_]key|authorization|proxy[-_]authorization|access[-_]?token|auth[-_]?token|secret|password)$/i;
const SECRET_TEXT = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;
export const SCRUBBED = "[scrubbed]";

/**
 * A copy of `value` with credentials replaced: fields named like keys or tokens (`apiKey`, `Authorization` …) and
 * text that looks like one (`sk-…`, `Bearer …`). Applied to both sides of a match, so replay still matches.
 */
export function scrubSecrets(value: unknown): unknown {
  if (typeof value === "string") return value.replace(SECRET_TEXT, SCRUBBED);
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? SCRUBBED : scrubSecrets(inner)]),
  );
}
