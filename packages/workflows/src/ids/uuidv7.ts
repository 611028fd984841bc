import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";

/**
 * Random bits drawn once per process (30 of them, in the variant group and the last group): with the time and the
 * counters they keep ids of different processes apart, without a random draw per id (ids are made on hot paths).
 */
const processBits = randomBytes(4);
const variantGroup = ((0x8000 | ((processBits[0] & 0x3f) << 8) | processBits[1]) >>> 0).toString(16);
const processGroup = ((processBits[2] << 8) | processBits[3]).toString(16).padStart(4, "0");

/** The character code of each hex digit. */
const DIGIT = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));

/**
 * The id being made, as Latin-1 bytes: only the digits that change are written, and one `toString` makes the id a
 * flat string. Joining it from pieces with `+` made a chain of 7 string objects per id (about 4 times the memory of
 * the flat string), and ids are kept in every journal record and every event.
 */
const id = Buffer.from(`00000000-0000-7000-${variantGroup}-${processGroup}00000000`, "latin1");
const TIME_HIGH = 0; // 8 digits, then "-"
const TIME_LOW = 9; // 4 digits, then "-7"
const IN_MS = 15; // 3 digits
const SERIAL = 28; // 8 digits, to the end

let prefixMs = -1;
/** Ids made in the current millisecond (RFC 9562's 12-bit `rand_a` used as a counter, method 1). */
let inMs = 0;
/** Every id of this process, so two ids never repeat even when the clock goes back. */
let serial = 0;

/** Writes `value`'s lowest `digits` hex digits at `at`. */
function writeHex(at: number, digits: number, value: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    id[i] = DIGIT[value & 0xf];
    value >>>= 4;
  }
}

function writeTime(ms: number): void {
  // 48 bits: the high 32 do not fit a bitwise operation, so they are divided off
  writeHex(TIME_HIGH, 8, Math.floor(ms / 0x10000));
  writeHex(TIME_LOW, 4, ms & 0xffff);
}

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, a counter for ids of the same millisecond, then process and
 * serial bits. Ids sort by the time they were made (within a process, strictly in the order they were made).
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > prefixMs) {
    prefixMs = now;
    writeTime(now);
    inMs = 0;
  } else if (++inMs > 0xfff) {
    // 4096 ids in one millisecond, or a clock that went back: borrow the next millisecond, as the RFC allows
    writeTime(++prefixMs);
    inMs = 0;
  }
  serial = (serial + 1) >>> 0;
  writeHex(IN_MS, 3, inMs);
  writeHex(SERIAL, 8, serial);
  return id.toString("latin1");
}
