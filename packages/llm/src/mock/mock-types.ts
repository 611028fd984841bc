import type { z } from "zod";
import type { LLMError, LLMErrorKind } from "../errors/llm-error.js";
import type { RateLimit } from "../rate-limit/rate-limit-options.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { FinishReason } from "../types/finish-reason.js";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";
import type { Usage } from "../types/usage.js";

/** A scripted tool call; `arguments` given as a string is sent verbatim (useful to script invalid JSON). */
export interface MockToolCall {
  name: string;
  arguments?: unknown;
  id?: string;
}

/** A scripted answer. A plain string is shorthand for `{ text }`. */
export interface MockResponse {
  text?: string;
  /** For `structured` calls: the object to answer with (sent as JSON text). */
  object?: unknown;
  toolCalls?: MockToolCall[];
  /** Fails the call. With `text`/`chunks`, a stream yields them first and then fails. */
  error?: LLMError | Error | LLMErrorKind;
  /** Waits this long before answering (aborted by the call's `signal`). */
  delayMs?: number;
  /** Splits a streamed answer into exactly these chunks (their concatenation is the text). */
  chunks?: string[];
  usage?: Partial<Usage>;
  finishReason?: FinishReason;
}

export type MockReply = string | MockResponse;

/** What a rule or a response function sees. */
export interface MockRequest {
  messages: readonly ChatMessage[];
  options: CallOptions;
  /** The text of the last user message ("" when there is none). */
  prompt: string;
  /** Set for `structured` calls. */
  structured?: { name: string; schema: z.ZodType; mode: "json_schema" | "json_object" };
  streaming: boolean;
}

export type MockMatcher = string | RegExp | ((request: MockRequest) => boolean);

/** Answers requests whose prompt matches: a string matches as a substring, a regex by `test`. */
export interface MockRule {
  match: MockMatcher;
  reply: MockReply | ((request: MockRequest) => MockReply | Promise<MockReply>);
  /** How many times the rule may answer (unlimited when unset). */
  times?: number;
}

/** A recorded call. */
export interface MockCall {
  messages: readonly ChatMessage[];
  options: CallOptions;
  prompt: string;
  streaming: boolean;
  structured?: MockRequest["structured"];
}

export interface MockLLMOptions {
  /** Answers in order (one per call), or a function answering every call. */
  responses?: MockReply[] | ((request: MockRequest) => MockReply | Promise<MockReply>);
  /** Checked before the scripted responses. */
  rules?: MockRule[];
  /**
   * When no rule matches and the script is used up: `"echo"` (default) answers with the prompt,
   * `"error"` fails with an `LLMError`, or a reply / function to answer with.
   */
  fallback?: "echo" | "error" | MockReply | ((request: MockRequest) => MockReply | Promise<MockReply>);
  model?: string;
  /** Delay before every answer unless the answer sets its own. */
  delayMs?: number;
  /** Delay between streamed chunks. */
  chunkDelayMs?: number;
  trace?: TraceOptions;
  /** Limits calls as a real adapter would (to test code that fans out under a provider's limits). */
  rateLimit?: RateLimit;
}
