// An ESM program as a user writes it, against the installed tarballs.
import assert from "node:assert/strict";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { MockLLM } from "@weft/llm";
import { Memory, estimateTokenizer } from "@weft/memory";

const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
const llm = new MockLLM({ responses: ["a joke", "a critique"] });
const flow = new Workflow({ name: "JokeFlow" })
  .step("generate", { accepts: [StartEvent], returns: [JokeEvent] }, async (ev) => new JokeEvent({ joke: (await llm.complete(`about ${ev.topic}`)).text }))
  .step("critique", { accepts: [JokeEvent], returns: [StopEvent] }, async (ev) => new StopEvent({ result: `${ev.joke} / ${(await llm.complete(ev.joke)).text}` }));
assert.equal(await flow.run({ topic: "pirates" }), "a joke / a critique");

const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: estimateTokenizer() });
await memory.put({ role: "user", content: "hello" });
assert.deepEqual(await memory.getAll(), [{ role: "user", content: "hello" }]);

// gpt-tokenizer is an optional peer this app did not install: the default tokenizer says what to do.
const exact = Memory.fromDefaults({ sessionId: "t" });
await assert.rejects(exact.put({ role: "user", content: "hi" }), /npm install gpt-tokenizer/);

// No database driver is installed, and importing @weft/memory did not need one.
for (const driver of ["pg", "better-sqlite3", "gpt-tokenizer"]) {
  await assert.rejects(import(driver), { code: "ERR_MODULE_NOT_FOUND" }, `${driver} should not be installed`);
}

// Every shipped package loads as ESM.
for (const name of JSON.parse(process.env.WEFT_PACKAGES)) await import(name);
console.log("esm: ok");
