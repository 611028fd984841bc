// The same from CommonJS: require() of every shipped package, and a run.
const assert = require("node:assert/strict");
const { z } = require("zod");
const { defineEvent, StartEvent, StopEvent, Workflow, EventValidationError } = require("@weft/workflows");
const { MockLLM } = require("@weft/llm");

const Done = defineEvent("Done", { text: z.string() });
assert.throws(() => new Done({ text: 1 }), EventValidationError);
const llm = new MockLLM({ responses: ["hi"] });
const flow = new Workflow({ name: "Cjs" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => new StopEvent({ result: (await llm.complete("x")).text }));

for (const name of JSON.parse(process.env.WEFT_PACKAGES)) require(name);
flow.run().then((result) => {
  assert.equal(result, "hi");
  console.log("cjs: ok");
});
