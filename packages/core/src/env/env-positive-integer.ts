import type { Environment } from "./env-flag.js";

/** Reads a positive whole number; `undefined` when unset or empty, an error naming the variable when it is anything else. */
export function envPositiveInteger(name: string, env: Environment = process.env): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  throw new Error(`Environment variable ${name}=${JSON.stringify(raw)} is not a positive whole number`);
}
