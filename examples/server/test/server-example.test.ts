import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, MemoryStore, type ListenInfo, type WeftServer } from "@weft/server";
import { WeftClient } from "@weft/server/client";
import { createDemoLLM } from "@weft/example-joke-flow/src/demo-llm";
import { jokeFlow as liveJokeFlow } from "@weft/example-joke-flow/src/joke-flow";
import { quizFlow } from "../src/served-workflows.js";

let server: WeftServer;
let info: ListenInfo;
beforeAll(async () => {
  const jokeFlow = liveJokeFlow.withResources({ llm: createDemoLLM({ delayMs: 0, chunkDelayMs: 0 }) });
  server = createServer({ workflows: [jokeFlow, quizFlow], store: new MemoryStore() });
  info = await server.listen(0);
});
afterAll(() => server.close());

describe("the example server", () => {
  it("tells a joke through raw HTTP, and streams its deltas as NDJSON", async () => {
    const res = await fetch(`${info.url}/workflows/JokeFlow/run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ start_event: { topic: "pirates" } }),
    });
    const body = (await res.json()) as { handler_id: string; status: string; result: string };
    expect(body.status).toBe("completed");
    expect(body.result).toContain("Verdict");
    const lines = (await (await fetch(`${info.url}/events/${body.handler_id}?sse=false`)).text()).trim().split("\n").map((l) => JSON.parse(l));
    const joke = lines.find((l) => l.type === "JokeEvent");
    expect(joke.data.joke).toBe("Why couldn't the pirate learn the alphabet? He kept getting lost at C.");
    expect(lines.filter((l) => l.type === "JokeDeltaEvent").map((l) => l.data.delta).join("")).toBe(joke.data.joke);
    expect(lines.at(-1).type).toBe("StopEvent");
  });

  it("plays the quiz through the typed client: questions on the stream, answers sent back", async () => {
    const client = new WeftClient({ baseUrl: info.url });
    const quiz = client.workflow<typeof quizFlow>("Quiz");
    const { handler_id } = await quiz.runNowait({ question: "6 × 7?", answer: "42", maxAttempts: 3 });
    const guesses = ["40", "42"];
    const prompts: string[] = [];
    for await (const entry of client.streamEvents(handler_id)) {
      if (entry.type !== "InputRequiredEvent") continue;
      prompts.push(String(entry.data.prefix));
      await client.sendEvent(handler_id, { type: "HumanResponseEvent", data: { response: guesses.shift()! } });
    }
    expect(prompts).toEqual(["6 × 7? ", "Too low. 2 attempts left. 6 × 7? "]);
    const record = await client.handler(handler_id);
    expect(record).toMatchObject({ status: "completed", result: { correct: true, attempts: 2, answer: "42" } });
  });
});
