// The program under test in the end-to-end tests, run as its own process:
//   node --import tsx joke-flow-child.ts
// It registers tracing from E2E_* variables (plus whatever OTEL_* the test sets), runs a joke flow whose
// critique step fails once and is retried, then a flow that fails, and prints one JSON line per outcome.
// With E2E_PAUSE=1 the critique step waits for a line on stdin, so the test can act mid-run.
import { createInterface } from "node:readline";
import { z } from "zod";
import { MockLLM } from "@weft/llm";
import { StartEvent, StopEvent, Workflow, defineEvent, resource } from "@weft/workflows";
import { registerTracing, type OtlpProtocol, type TracingPreset } from "../../src/index.js";

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const preset = process.env.E2E_PRESET as TracingPreset | undefined;
const tracing = registerTracing({
  serviceName: "joke-e2e",
  preset,
  exporter: "otlp",
  endpoint: process.env.E2E_ENDPOINT,
  protocol: process.env.E2E_PROTOCOL as OtlpProtocol | undefined,
  projectName: preset === "phoenix" ? "jokes-e2e" : undefined,
});

const stdinLines = createInterface({ input: process.stdin });
const nextLine = () => new Promise<string>((resolve) => stdinLines.once("line", resolve));

const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
const llm = resource("llm", () => new MockLLM({ model: "mock-gpt", responses: ["Why did the pirate…", "Solid pun, weak ending."] }));
let critiqueAttempts = 0;

const jokeFlow = new Workflow({ name: "JokeFlow", timeout: 30, retry: { maxAttempts: 2, delay: 0.01 } })
  .step("generateJoke", { accepts: [StartEvent], returns: [JokeEvent], resources: { llm } }, async (ev, ctx, { llm }) => {
    const res = await llm.complete(`Write your best joke about ${String(ev.topic)}.`);
    ctx.writeEventToStream(new JokeEvent({ joke: res.text }));
    return new JokeEvent({ joke: res.text });
  })
  .step("critiqueJoke", { accepts: [JokeEvent], returns: [StopEvent], resources: { llm } }, async (ev, _ctx, { llm }) => {
    critiqueAttempts++;
    if (critiqueAttempts === 1) throw new Error("critic flaked");
    if (process.env.E2E_PAUSE === "1") {
      say({ waiting: true });
      await nextLine();
    }
    const res = await llm.complete(`Give a thorough analysis and critique of the following joke: ${ev.joke}`);
    return new StopEvent({ result: res.text });
  });

const failingFlow = new Workflow({ name: "FailingFlow", timeout: 30 }).step(
  "refuse",
  { accepts: [StartEvent], returns: [StopEvent] },
  async () => {
    throw new Error("no jokes today");
  },
);

try {
  say({ result: await jokeFlow.run({ topic: "pirates" }) });
  try {
    await failingFlow.run({});
    say({ unexpected: "FailingFlow succeeded" });
  } catch (error) {
    say({ error: (error as Error).message });
  }
} finally {
  stdinLines.close();
  await tracing.shutdown();
  say({ done: true });
}
