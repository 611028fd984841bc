/** An OTLP request that cannot be read; the receiver answers 400 with its message. */
export class OtlpDecodeError extends Error {
  override readonly name = "OtlpDecodeError";
}
