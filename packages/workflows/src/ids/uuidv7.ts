import { randomBytes } from "node:crypto";

/** The character code of each hex digit. */
const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const DASH = 0x2d;
const SEVEN = 0x37;

/**
 * Random bits drawn once per process (30 of them, in the variant group and the last group): with the time and the
 * counters they keep ids of different processes apart, without a random draw per id (ids are made on hot paths).
 */
const processBits = randomBytes(4);
const variantBits = 0x8000 | ((processBits[0] & 0x3f) << 8) | processBits[1];
const processGroup = (processBits[2] << 8) | processBits[3];
const v0 = HEX[variantBits >>> 12];
const v1 = HEX[(variantBits >>> 8) & 15];
const v2 = HEX[(variantBits >>> 4) & 15];
const v3 = HEX[variantBits & 15];
const p0 = HEX[processGroup >>> 12];
const p1 = HEX[(processGroup >>> 8) & 15];
const p2 = HEX[(processGroup >>> 4) & 15];
const p3 = HEX[processGroup & 15];

/** The 12 hex digits of `prefixMs`. */
const time: number[] = new Array<number>(12).fill(HEX[0]);
let prefixMs = -1;
/** Ids made in the current millisecond (RFC 9562's 12-bit `rand_a` used as a counter, method 1). */
let inMs = 0;
/** Every id of this process, so two ids never repeat even when the clock goes back. */
let serial = 0;

function setTime(ms: number): void {
  prefixMs = ms;
  // 48 bits: the high 32 do not fit a bitwise operation, so they are divided off
  let high = Math.floor(ms / 0x10000);
  let low = ms & 0xffff;
  for (let i = 11; i >= 8; i--, low >>>= 4) time[i] = HEX[low & 15];
  for (let i = 7; i >= 0; i--, high >>>= 4) time[i] = HEX[high & 15];
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, a counter for ids of the same millisecond, then process and
 * serial bits. Ids sort by the time they were made (within a process, strictly in the order they were made).
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > prefixMs) {
    setTime(now);
    inMs = 0;
  } else if (++inMs > 0xfff) {
    // 4096 ids in one millisecond, or a clock that went back: borrow the next millisecond, as the RFC allows
    setTime(prefixMs + 1);
    inMs = 0;
  }
  const s = (serial = (serial + 1) >>> 0);
  const m = inMs;
  const t = time;
  // One flat string from its 36 character codes: joined from pieces with `+`, an id was a chain of 7 string objects
  // (191 bytes kept per id, against 56), and ids are kept in every journal record and every event.
  return String.fromCharCode(
    t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], DASH,
    t[8], t[9], t[10], t[11], DASH,
    SEVEN, HEX[m >>> 8], HEX[(m >>> 4) & 15], HEX[m & 15], DASH,
    v0, v1, v2, v3, DASH,
    p0, p1, p2, p3,
    HEX[s >>> 28], HEX[(s >>> 24) & 15], HEX[(s >>> 20) & 15], HEX[(s >>> 16) & 15],
    HEX[(s >>> 12) & 15], HEX[(s >>> 8) & 15], HEX[(s >>> 4) & 15], HEX[s & 15],
  );
}
