import type { LLM } from "@weft/llm";
import { CritiqueDeltaEvent, JokeDeltaEvent, JokeEvent, jokeFlow } from "./joke-flow.js";

export interface TellJokeOptions {
  topic: string;
  llm: LLM;
  /** Where the text goes as it streams (the CLI passes stdout). */
  write: (text: string) => void;
}

export function heading(title: string): string {
  return `${title}\n${"─".repeat(title.length)}\n`;
}

/** Runs the joke flow and writes the joke, then the critique, as the model produces them. */
export async function tellJoke({ topic, llm, write }: TellJokeOptions): Promise<{ joke: string; critique: string }> {
  const handler = jokeFlow.run({ topic }, { resources: { llm } });
  let joke = "";
  write(heading("Joke"));
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof JokeDeltaEvent || ev instanceof CritiqueDeltaEvent) write(ev.delta);
    else if (ev instanceof JokeEvent) {
      joke = ev.joke;
      write(`\n\n${heading("Critique")}`);
    }
  }
  const critique = String(await handler);
  write("\n");
  return { joke, critique };
}
