import type { ChatMessage } from "../../src/index.js";

/** `n` user/assistant turns; turn i says "question i" / "answer i" padded with `words` filler words. */
export function conversation(n: number, words = 0, from = 0): ChatMessage[] {
  const pad = words > 0 ? ` ${Array.from({ length: words }, (_, j) => `word${j}`).join(" ")}` : "";
  return Array.from({ length: n }, (_, k) => k + from).flatMap((i): ChatMessage[] => [
    { role: "user", content: `question ${i}${pad}` },
    { role: "assistant", content: `answer ${i}${pad}` },
  ]);
}
