import { MockLLM } from "@weft/llm";

/** The review's first sentence, cut to a dozen words: a plausible summary without a model. */
function firstSentence(prompt: string): string {
  const review = prompt.split("\n\n").at(-1) ?? prompt;
  const sentence = review.split(/(?<=[.!?])\s/)[0] ?? review;
  const words = sentence.split(/\s+/);
  return words.length > 12 ? `${words.slice(0, 12).join(" ")}…` : sentence;
}

/** An offline stand-in for a real model, with a model-like latency so the progress display has something to show. */
export function createDemoLLM({ latencyMs = [300, 900] }: { latencyMs?: [number, number] } = {}): MockLLM {
  const [min, max] = latencyMs;
  return new MockLLM({
    model: "demo-summarizer",
    responses: (request) => ({ text: firstSentence(request.prompt), delayMs: min + Math.random() * (max - min) }),
  });
}
