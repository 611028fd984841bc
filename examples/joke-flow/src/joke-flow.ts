import { z } from "zod";
import { defineEvent, resource, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { OpenAILLM } from "@weft/llm";

export const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
/** Pieces of the joke and of the critique as the model produces them, for showing them while they stream. */
export const JokeDeltaEvent = defineEvent("JokeDeltaEvent", { delta: z.string() });
export const CritiqueDeltaEvent = defineEvent("CritiqueDeltaEvent", { delta: z.string() });

const llm = resource("llm", () => new OpenAILLM({ model: "gpt-4.1-mini" }));

/**
 * The joke flow of the Weft contract: one step writes a joke, the next critiques it. Both stream the model's answer:
 * each delta goes to the event stream as it arrives, and the full text moves on as an event.
 */
export const jokeFlow = new Workflow({ name: "JokeFlow", timeout: 60 })
  .step("generateJoke", { accepts: [StartEvent], returns: [JokeEvent], resources: { llm } }, async (ev, ctx, { llm }) => {
    const stream = llm.streamComplete(`Write your best joke about ${ev.topic}.`, { signal: ctx.signal });
    for await (const chunk of stream) if (chunk.delta) ctx.writeEventToStream(new JokeDeltaEvent({ delta: chunk.delta }));
    const res = await stream.finalResponse();
    ctx.writeEventToStream(new JokeEvent({ joke: res.text }));
    return new JokeEvent({ joke: res.text });
  })
  .step("critiqueJoke", { accepts: [JokeEvent], returns: [StopEvent], resources: { llm } }, async (ev, ctx, { llm }) => {
    const stream = llm.streamComplete(`Give a thorough analysis and critique of the following joke: ${ev.joke}`, { signal: ctx.signal });
    for await (const chunk of stream) if (chunk.delta) ctx.writeEventToStream(new CritiqueDeltaEvent({ delta: chunk.delta }));
    const res = await stream.finalResponse();
    return new StopEvent({ result: res.text });
  });
