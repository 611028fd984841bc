import type { z } from "zod";
import { CorruptRowError } from "../errors/corrupt-row-error.js";
import type { BlockContext } from "./memory-block.js";

/** Validates a block's stored state; a state that does not fit is reported with its session and block. */
export function parseBlockState<S extends z.ZodType>(
  context: Pick<BlockContext, "sessionId" | "block">,
  schema: S,
  value: unknown,
): z.output<S> | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new CorruptRowError(context.sessionId, `block:${context.block}`, `state does not fit the block${path}: ${issue.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
