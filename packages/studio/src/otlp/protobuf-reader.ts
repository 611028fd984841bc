import { OtlpDecodeError } from "./otlp-decode-error.js";

/** One field of a protobuf message: its number and its raw value by wire type. */
export type ProtoField =
  | { no: number; wire: 0; value: bigint }
  | { no: number; wire: 1; value: DataView }
  | { no: number; wire: 2; value: Uint8Array }
  | { no: number; wire: 5; value: DataView };

/**
 * Reads the fields of one protobuf message (the wire format only: the OTLP decoder knows the schema). Every length
 * is checked against the bytes left, so a hostile body fails with an error instead of reading past its end.
 */
export function readFields(bytes: Uint8Array, where: string): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const fail = (what: string): never => {
    throw new OtlpDecodeError(`${where}: ${what} at byte ${pos}`);
  };
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) fail("truncated varint");
      const b = bytes[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    return fail("varint longer than 10 bytes");
  };
  const take = (n: number): Uint8Array => {
    if (n > bytes.length - pos) fail(`field of ${n} bytes runs past the end`);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (pos < bytes.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (no === 0) fail("field number 0");
    if (wire === 0) fields.push({ no, wire, value: varint() });
    else if (wire === 1) fields.push({ no, wire, value: view(take(8)) });
    else if (wire === 2) fields.push({ no, wire, value: take(Number(varint())) });
    else if (wire === 5) fields.push({ no, wire, value: view(take(4)) });
    else fail(`unsupported wire type ${wire}`);
  }
  return fields;
}
