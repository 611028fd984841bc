import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const help = `Usage: npm start -- [QUESTION] [--session ID] [--quiet]

  QUESTION       ask once and exit; without it, chat until an empty line or Ctrl-D
  --session ID   the conversation to continue (memory is kept per session; default "cli")
  --quiet        do not print the trace after each answer

Model: OPENAI_API_KEY → OpenAI; OPENAI_BASE_URL → any OpenAI-compatible server; neither → offline demo model.
WEFT_MODEL picks the model (default gpt-4.1-mini). OTEL_EXPORTER_OTLP_ENDPOINT also exports the trace.`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      session: { type: "string", default: "cli" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n\n${help}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(help);
  process.exit(0);
}

// Loaded after the arguments are checked, so --help and mistakes answer at once.
const [{ chooseLLM, startTracing }, { createDemoLLM }, { chat }, { agent }] = await Promise.all([
  import("@weft/example-support"),
  import("./demo-llm.js"),
  import("./chat.js"),
  import("./agent-flow.js"),
]);

const write = (text: string) => process.stdout.write(text);
const tracing = startTracing("weft-example-agent");
const { llm, description } = chooseLLM(() => createDemoLLM());
write(`Model: ${description}\n`);

async function turn(message: string): Promise<void> {
  await chat({ message, sessionId: values.session, llm, write });
  const trace = await tracing.takeReport();
  if (!values.quiet) write(`\n${trace}\n`);
}

try {
  if (positionals.length > 0) {
    await turn(positionals.join(" "));
  } else {
    write('Ask about the weather or some arithmetic (empty line to quit), e.g. "How much warmer is Tokyo than Paris?"\n');
    write("\nyou › ");
    // The line iterator buffers, so questions piped in all at once are taken one after another.
    for await (const question of createInterface({ input: process.stdin })) {
      if (question.trim() === "") break;
      if (!process.stdin.isTTY) write(`${question}\n`);
      await turn(question);
      write("\nyou › ");
    }
  }
  if (tracing.exportingTo) write(`Spans exported to ${tracing.exportingTo}\n`);
} catch (error) {
  console.error(`\nThe agent failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await agent.close();
  await tracing.shutdown();
}
