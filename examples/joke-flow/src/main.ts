import { parseArgs } from "node:util";

const help = `Usage: npm start -- [--topic TEXT] [--verbose]

  --topic TEXT   what the joke is about (default: pirates)
  --verbose      also show each LLM call's prompt, time to first token and the events each step emitted

Model: OPENAI_API_KEY → OpenAI; OPENAI_BASE_URL → any OpenAI-compatible server; neither → offline demo model.
WEFT_MODEL picks the model (default gpt-4.1-mini). OTEL_EXPORTER_OTLP_ENDPOINT also exports the trace.`;

let values: { topic: string; verbose: boolean; help: boolean };
try {
  ({ values } = parseArgs({
    options: {
      topic: { type: "string", default: "pirates" },
      verbose: { type: "boolean", short: "v", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${help}`);
  process.exit(2);
}
if (values.help) {
  console.log(help);
  process.exit(0);
}

// Loaded after the arguments are checked, so --help and mistakes answer at once.
const [{ chooseLLM, startTracing }, { createDemoLLM }, { heading, tellJoke }, { studioHint }] = await Promise.all([
  import("@weft/example-support"),
  import("./demo-llm.js"),
  import("./tell-joke.js"),
  import("./studio-hint.js"),
]);

const write = (text: string) => process.stdout.write(text);
const tracing = startTracing("weft-joke-flow");
try {
  const { llm, description } = chooseLLM(() => createDemoLLM());
  write(`Model: ${description}\nTopic: ${values.topic}\n\n`);
  await tellJoke({ topic: values.topic, llm, write });
  write(`\n${heading("Trace")}${await tracing.takeReport({ verbose: values.verbose })}\n`);
  if (tracing.exportingTo) write(`Spans exported to ${tracing.exportingTo}\n`);
  write(`\n${studioHint(tracing.exportingTo)}`);
} catch (error) {
  console.error(`\nThe joke flow failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await tracing.shutdown();
}
