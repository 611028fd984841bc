export type LLMErrorKind =
  | "auth"
  | "permission"
  | "not_found"
  | "rate_limit"
  | "timeout"
  | "bad_request"
  | "context_length"
  | "server"
  /** The provider is overloaded for everyone (Anthropic's 529); try later or another model. */
  | "overloaded"
  | "connection"
  | "aborted"
  | "invalid_output"
  | "unknown";

export interface LLMErrorOptions {
  kind: LLMErrorKind;
  provider?: string;
  status?: number;
  /** The provider's error code (e.g. `rate_limit_exceeded`). */
  code?: string;
  requestId?: string;
  cause?: unknown;
  /** For `invalid_output`: the model's text that did not fit. */
  output?: string;
  /** How long the provider asked to wait before trying again (its `retry-after` header), in milliseconds. */
  retryAfterMs?: number;
}

const RETRYABLE: ReadonlySet<LLMErrorKind> = new Set(["rate_limit", "timeout", "server", "overloaded", "connection"]);

/** Every failure of an `LLM` call, classified by `kind`. */
export class LLMError extends Error {
  override readonly name = "LLMError";
  readonly kind: LLMErrorKind;
  readonly provider?: string;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly output?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, options: LLMErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.provider = options.provider;
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.output = options.output;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether trying the same call again later may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isLLMError(value: unknown): value is LLMError {
  return value instanceof LLMError;
}
