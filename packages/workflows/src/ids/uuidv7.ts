import { randomBytes } from "node:crypto";

/**
 * Random bits drawn once per process (30 of them, in the variant group and the last group): with the time and the
 * counters they keep ids of different processes apart, without a random draw per id (ids are made on hot paths).
 */
const processBits = randomBytes(4);
const variantGroup = ((0x8000 | ((processBits[0] & 0x3f) << 8) | processBits[1]) >>> 0).toString(16);
const processGroup = ((processBits[2] << 8) | processBits[3]).toString(16).padStart(4, "0");
const tail = `-${variantGroup}-${processGroup}`;

/** Hex digits by table: two `toString(16)` calls per id were most of an id's cost, and ids are made per event. */
const HEX2 = Array.from({ length: 0x100 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX3 = Array.from({ length: 0x1000 }, (_, i) => i.toString(16).padStart(3, "0"));

let prefixMs = -1;
let prefix = "";
/** Ids made in the current millisecond (RFC 9562's 12-bit `rand_a` used as a counter, method 1). */
let inMs = 0;
/** Every id of this process, so two ids never repeat even when the clock goes back. */
let serial = 0;

function timePrefix(ms: number): string {
  const hex = ms.toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, a counter for ids of the same millisecond, then process and
 * serial bits. Ids sort by the time they were made (within a process, strictly in the order they were made).
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > prefixMs) {
    prefixMs = now;
    prefix = timePrefix(now);
    inMs = 0;
  } else if (++inMs > 0xfff) {
    // 4096 ids in one millisecond, or a clock that went back: borrow the next millisecond, as the RFC allows
    prefix = timePrefix(++prefixMs);
    inMs = 0;
  }
  serial = (serial + 1) >>> 0;
  return prefix + HEX3[inMs] + tail + HEX2[serial >>> 24] + HEX2[(serial >>> 16) & 0xff] + HEX2[(serial >>> 8) & 0xff] + HEX2[serial & 0xff];
}
