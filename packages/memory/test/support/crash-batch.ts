import type { ChatMessage } from "../../src/index.js";

/** Messages per batch: large enough that a write transaction lasts long enough to be killed inside. */
export const CRASH_BATCH_SIZE = 400;

/** Batch `k` of trial `trial`: each message names its batch and place, and carries ~1 kB of text. */
export function crashBatch(trial: number, k: number): ChatMessage[] {
  const padding = "x".repeat(1000);
  return Array.from({ length: CRASH_BATCH_SIZE }, (_, i) => ({ role: "user", content: `t${trial} b${k} m${i} ${padding}` }));
}
