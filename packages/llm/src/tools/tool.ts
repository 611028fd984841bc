import type { z } from "zod";
import type { ToolCall } from "../types/tool-call.js";

export interface ToolContext {
  /** The call being answered, when the tool runs for a model's tool call. */
  toolCall?: ToolCall;
  signal?: AbortSignal;
}

/** A function the model may call, described by a zod schema of its parameters. */
export interface Tool<P extends z.ZodType = z.ZodType, R = unknown> {
  readonly name: string;
  readonly description: string;
  readonly parameters: P;
  /** JSON schema of the parameters, as sent to providers. */
  readonly jsonSchema: Record<string, unknown>;
  /** Ask providers that support it to follow the schema exactly (OpenAI `strict`). */
  readonly strict: boolean;
  /** The tool's implementation, if it has one (a tool may only describe a call for the caller to handle). */
  execute?(args: z.output<P>, context: ToolContext): R | Promise<R>;
  /** Validates arguments against the schema; throws a `ToolArgumentsError` naming the tool and every issue. */
  parseArguments(args: unknown): z.output<P>;
  /**
   * Validates `args` (an object, a JSON string or a `ToolCall`) and runs `execute`, in a TOOL span.
   * Throws when the tool has no `execute`.
   */
  call(args: unknown, context?: ToolContext): Promise<R>;
}
