import { ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_LLM_MODEL_NAME, ATTR_WEFT_LLM_REPLAYED } from "@weft/core";
import { InProcessRuntime, MemoryJournal, StartEvent, StopEvent, Workflow, resource, type JournalRecord } from "@weft/workflows";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, type LLM } from "../src/index.js";
import { chatReply as reply, fixture, jsonFixture } from "./server/openai-wire-server.js";
import { setupTracing } from "./support/tracing.js";
import { useWireServer } from "./support/wire-server.js";

// A journaled step's LLM calls are recorded; when the step runs again after a crash, a call at the same place with
// the same request is answered from the journal and never reaches the provider.

const wire = useWireServer();
const tracing = setupTracing();
afterAll(() => tracing.shutdown());

const runtime = (journal: MemoryJournal) => new InProcessRuntime({ journal: () => journal });
const llmRecords = (records: readonly JournalRecord[]) => records.filter((r) => r.type === "durable.completed");

/** One step, two LLM calls; the second waits for `gate`, so a test can take the journal between them. */
function twoCalls(firstPrompt: string, gate: Promise<void> = Promise.resolve()) {
  const llm = resource("llm", () => wire.llm());
  return new Workflow({ name: "DurableLLM", timeout: 10 }).step(
    "ask",
    { accepts: [StartEvent], returns: [StopEvent], resources: { llm } },
    async (_ev, _ctx, { llm }: { llm: LLM }) => {
      const first = await llm.complete(firstPrompt);
      await gate;
      const second = await llm.complete(`Rate this: ${first.text}`);
      return new StopEvent({ result: [first.text, second.text] });
    },
  );
}

/** Runs `twoCalls` until the first call's answer is in the journal, then "kills" it: the records taken then. */
async function journalCutAfterFirstCall(firstPrompt: string): Promise<JournalRecord[]> {
  const journal = new MemoryJournal();
  let release!: () => void;
  const handler = twoCalls(firstPrompt, new Promise<void>((r) => (release = r))).run({}, { runtime: runtime(journal) });
  await expect.poll(() => llmRecords(journal.records).length).toBe(1);
  const records = [...journal.records];
  handler.cancel();
  await expect(handler).rejects.toThrow("cancelled");
  release();
  return records;
}

describe("LLM calls of a journaled step that runs again", () => {
  it("answers the call the journal completed, sends only the next one, and ends as the uninterrupted run", async () => {
    wire.server.chat(reply("a pirate joke"), reply("7/10"));
    const uninterrupted = await twoCalls("Tell me a joke").run({}, { runtime: runtime(new MemoryJournal()) });
    expect(uninterrupted).toEqual(["a pirate joke", "7/10"]);
    expect(wire.server.requests).toHaveLength(2);
    wire.server.requests.length = 0;

    wire.server.chat(reply("a pirate joke"));
    const records = await journalCutAfterFirstCall("Tell me a joke");
    expect(llmRecords(records)).toMatchObject([{ name: "llm.chat", index: 0, key: expect.any(String), value: { text: "a pirate joke" } }]);
    expect(wire.server.requests).toHaveLength(1);

    tracing.exporter.reset();
    wire.server.chat(reply("7/10"));
    const rest = new MemoryJournal();
    expect(await twoCalls("Tell me a joke").rebuild(records, { runtime: runtime(rest) })).toEqual(uninterrupted);
    // exactly one more request: the second call's, built on the recorded first answer
    expect(wire.server.requests).toHaveLength(2);
    expect(JSON.stringify(wire.server.requests[1]!.body.messages)).toContain("Rate this: a pirate joke");
    expect(llmRecords(rest.records)).toMatchObject([{ name: "llm.chat", index: 1, value: { text: "7/10" } }]);

    const [replayed, sent] = tracing.spans().filter((s) => s.name === "chat gpt-4.1-mini");
    expect(replayed!.attributes).toMatchObject({ [ATTR_WEFT_LLM_REPLAYED]: true, [ATTR_LLM_MODEL_NAME]: "gpt-4.1-mini", [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 19 });
    expect(sent!.attributes[ATTR_WEFT_LLM_REPLAYED]).toBeUndefined();
  });

  it("sends a call again when its prompt changed, and records the new answer in its place", async () => {
    wire.server.chat(reply("a pirate joke"));
    const records = await journalCutAfterFirstCall("Tell me a joke");
    wire.server.requests.length = 0;

    wire.server.chat(reply("a cat joke"), reply("9/10"));
    const rest = new MemoryJournal();
    expect(await twoCalls("Tell me a cat joke").rebuild(records, { runtime: runtime(rest) })).toEqual(["a cat joke", "9/10"]);
    expect(wire.server.requests).toHaveLength(2);
    expect(llmRecords(rest.records)).toMatchObject([{ index: 0, value: { text: "a cat joke" } }, { index: 1 }]);

    // a second crash at the same place: the newer record of position 0 is the one answered
    wire.server.requests.length = 0;
    const cut = [...records, ...rest.records.slice(0, rest.records.findIndex((r) => r.type === "durable.completed") + 1)];
    wire.server.chat(reply("8/10"));
    expect(await twoCalls("Tell me a cat joke").rebuild(cut, { runtime: runtime(new MemoryJournal()) })).toEqual(["a cat joke", "8/10"]);
    expect(wire.server.requests).toHaveLength(1);
  });

  it("answers a stream, a structured call and a tool call from the journal too", async () => {
    const Scientist = z.object({ name: z.string(), born: z.number().int(), fields: z.array(z.string()) });
    const getWeather = defineTool("get_weather", {
      description: "Current weather in a city",
      parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
    });
    const llm = resource("llm", () => wire.llm());
    const flow = () =>
      new Workflow({ name: "DurableLLMKinds", timeout: 10 }).step(
        "ask",
        { accepts: [StartEvent], returns: [StopEvent], resources: { llm } },
        async (_ev, _ctx, { llm }: { llm: LLM }) => {
          const deltas: string[] = [];
          const stream = llm.streamComplete("Tell me a joke");
          for await (const chunk of stream) deltas.push(chunk.delta);
          const streamed = await stream.finalResponse();
          const scientist = await llm.structured(Scientist, "Who wrote the first program?", { name: "scientist" });
          const weather = await llm.chat([{ role: "user", content: "Weather in Paris and Oslo?" }], { tools: [getWeather] });
          return new StopEvent({
            result: { text: deltas.join(""), usage: streamed.usage.totalTokens, scientist, calls: weather.toolCalls.map((c) => c.arguments) },
          });
        },
      );
    wire.server.chat(
      { sse: fixture("stream-text.sse") },
      { json: jsonFixture("chat-completion-structured.json") },
      { json: jsonFixture("chat-completion-tool-calls.json") },
    );
    const journal = new MemoryJournal();
    const uninterrupted = (await flow().run({}, { runtime: runtime(journal) })) as { calls: unknown[] };
    expect(uninterrupted.calls).toEqual([
      { city: "Paris", unit: "c" },
      { city: "Oslo", unit: "f" },
    ]);
    expect(llmRecords(journal.records).map((r) => r.type === "durable.completed" && r.name)).toEqual(["llm.stream", "llm.chat", "llm.chat"]);
    wire.server.requests.length = 0;

    // cut just before the step's completion: all three calls completed, the step was still in flight
    const cut = journal.records.findIndex((r) => r.type === "step.completed");
    expect(await flow().rebuild(journal.records.slice(0, cut), { runtime: runtime(new MemoryJournal()) })).toEqual(uninterrupted);
    expect(wire.server.requests).toHaveLength(0);
  });

  it("records nothing and changes nothing outside a journaled run", async () => {
    wire.server.chat(reply("a pirate joke"), reply("7/10"));
    expect(await twoCalls("Tell me a joke").run({})).toEqual(["a pirate joke", "7/10"]);
    expect(wire.server.requests).toHaveLength(2);
  });
});
