import { createHmac, timingSafeEqual } from "node:crypto";
import { SnapshotIntegrityError } from "../errors/errors.js";

/** A secret the application holds (never the client): at least 16 bytes; 32 random bytes is a good key. */
export type SnapshotKey = string | Uint8Array;

/** `ctx.toDict(options)` and `Context.fromDict(workflow, dict, options)`. */
export interface SnapshotOptions {
  /** Signs the snapshot (`toDict`), or requires a valid signature made with this key (`fromDict`). */
  key?: SnapshotKey;
}

const SCHEME = "hmac-sha256:";
const MIN_KEY_BYTES = 16;

/**
 * The snapshot as one string that does not depend on key order, so a snapshot a database gave back with its keys
 * reordered still verifies. JSON's own rules otherwise (`toJSON`, dropped `undefined`); the limits measured before
 * signing or verifying keep the recursion shallow.
 */
function canonical(dict: object): string {
  const { signature: _signature, ...signed } = dict as { signature?: unknown };
  return JSON.stringify(signed, (_name, value: unknown) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) Object.defineProperty(sorted, key, { value: (value as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    return sorted;
  });
}

function mac(dict: object, key: SnapshotKey): Buffer {
  const bytes = typeof key === "string" ? Buffer.byteLength(key) : key?.byteLength;
  if (typeof bytes !== "number" || bytes < MIN_KEY_BYTES) {
    throw new RangeError(`The snapshot key must be a string or bytes of at least ${MIN_KEY_BYTES} bytes (32 random bytes is a good key), got ${bytes ?? typeof key}`);
  }
  return createHmac("sha256", key).update(canonical(dict)).digest();
}

/** The signature `toDict({ key })` adds: an HMAC-SHA256 of everything else in the snapshot. */
export function signSnapshot(dict: object, key: SnapshotKey): string {
  return SCHEME + mac(dict, key).toString("hex");
}

/** Refuses a snapshot without a signature, or whose signature this key did not make over exactly this content. */
export function verifySnapshot(dict: object & { signature?: string }, key: SnapshotKey): void {
  const expected = mac(dict, key);
  const { signature } = dict;
  if (signature === undefined) throw new SnapshotIntegrityError("Context snapshot is not signed, and fromDict was given a key: sign it with toDict({ key })");
  const hex = signature.startsWith(SCHEME) ? signature.slice(SCHEME.length) : "";
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new SnapshotIntegrityError(`Context snapshot signature ${JSON.stringify(signature.slice(0, 80))} is not an ${SCHEME} signature`);
  if (!timingSafeEqual(Buffer.from(hex, "hex"), expected)) {
    throw new SnapshotIntegrityError("Context snapshot signature does not match: the snapshot was changed after toDict({ key }), or signed with another key");
  }
}
