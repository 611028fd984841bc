import { MockLLM } from "@weft/llm";

const jokes: readonly ((topic: string) => string)[] = [
  (t) => `Why did the ${t} bring a ladder to the meeting? Someone told it the stakes were high.`,
  (t) => `I asked an expert on ${t} for their best joke. They said the good ones take years of research — and the grant ran out.`,
  (t) => `${t} walk into a bar. The bartender says: "Is this some kind of joke?" Technically, yes.`,
];

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export function demoJoke(topic: string): string {
  if (/^pirates?$/i.test(topic)) return "Why couldn't the pirate learn the alphabet? He kept getting lost at C.";
  return jokes[hash(topic.toLowerCase()) % jokes.length]!(topic);
}

export function demoCritique(joke: string): string {
  const words = joke.split(/\s+/).length;
  const question = joke.includes("?");
  return [
    `Structure: ${question ? "a classic question-and-answer setup" : "a one-line narrative setup"} with the punchline held to the end, ${words} words in all — short enough that the turn lands before attention drifts.`,
    `Mechanism: the humour rests on ${question ? "a double meaning the setup hides and the answer reveals" : "subverting the expectation the first half builds"}.`,
    "Weakness: the premise is familiar, so a listener may see the turn coming; a more specific detail would make it fresher.",
    "Verdict: 6/10 — tidy and inoffensive, a reliable icebreaker rather than a showstopper.",
  ].join("\n");
}

/**
 * An offline stand-in for a real model: canned jokes and critiques, streamed word by word with a model-like
 * rhythm, and traced exactly like a real adapter (spans, tokens) because it is a `MockLLM`.
 */
export function createDemoLLM({ chunkDelayMs = 12, delayMs = 150 }: { chunkDelayMs?: number; delayMs?: number } = {}): MockLLM {
  return new MockLLM({
    model: "demo-jokester",
    delayMs,
    chunkDelayMs,
    rules: [
      { match: /^Write your best joke about /, reply: ({ prompt }) => demoJoke(prompt.replace(/^Write your best joke about /, "").replace(/\.$/, "")) },
      { match: /^Give a thorough analysis and critique of the following joke: /, reply: ({ prompt }) => demoCritique(prompt.split(": ").slice(1).join(": ")) },
    ],
  });
}
