/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

/**
 * Reads an on/off switch: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off` (any case, spaces ignored);
 * `undefined` when unset or empty. Anything else throws naming the variable, because a misspelt
 * `OPENINFERENCE_HIDE_INPUTS=ture` silently read as off would leak what it was meant to hide.
 */
export function envFlag(name: string, env: Environment = process.env): boolean | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = raw.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new Error(`Environment variable ${name}=${JSON.stringify(raw)} is not a switch: use 1/true/yes/on or 0/false/no/off`);
}
