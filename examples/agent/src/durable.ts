import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AgentToolCall, AgentToolCallResult, type AgentResult, type AgentState } from "@weft/agents";
import { chooseLLM, startTracing } from "@weft/example-support";
import { Context, HumanResponseEvent, InputRequiredEvent, type WorkflowHandler } from "@weft/workflows";
import { messenger } from "./agent-flow.js";
import { createDemoLLM } from "./demo-llm.js";

// A run that outlives its process: `ask` starts the agent and, when a tool asks for approval, saves the run and exits;
// `answer` restores it in a new process, answers the question, and lets the agent finish.
//
//   npm run ask -- --save run.json "Send the weather in Paris to Ann"
//   npm run answer -- --load run.json yes

const usage = `usage:
  durable.ts ask --save FILE QUESTION
  durable.ts answer --load FILE yes|no`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { save: { type: "string" }, load: { type: "string" } } });
const [command, ...rest] = positionals;
const { llm } = chooseLLM(() => createDemoLLM({ delayMs: 0, chunkDelayMs: 0 }));

/** Reads the run until a tool asks (save it, stop this process's copy) or it answers (print it, drop the file). */
async function pauseOrFinish(handler: WorkflowHandler<AgentResult, AgentState>, file: string): Promise<void> {
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof AgentToolCall) console.log(`  → ${ev.toolName}(${JSON.stringify(ev.toolKwargs)})`);
    else if (ev instanceof AgentToolCallResult) console.log(`  ${ev.isError ? "✗" : "←"} ${ev.toolName}: ${ev.toolOutput}`);
    else if (ev instanceof InputRequiredEvent) {
      await writeFile(file, JSON.stringify(handler.ctx.toDict(), null, 2));
      handler.cancel("paused: waiting for a human answer");
      await handler.then(undefined, () => undefined);
      console.log(ev.prefix.trim());
      console.log(`Saved the paused run to ${file}. Answer with: npm run answer -- --load ${file} yes`);
      return;
    }
  }
  const { text } = await handler;
  await rm(file, { force: true });
  console.log(text);
}

async function ask(): Promise<void> {
  if (!values.save || rest.length === 0) throw new Error(`ask needs --save FILE and a question\n${usage}`);
  await pauseOrFinish(messenger.run({ input: rest.join(" ") }, { resources: { llm } }), values.save);
}

async function answer(): Promise<void> {
  const file = values.load;
  const response = rest.join(" ");
  if (!file || response === "") throw new Error(`answer needs --load FILE and the answer\n${usage}`);
  if (!existsSync(file)) throw new Error(`${file} does not exist: start a run with "npm run ask -- --save ${file} <question>"`);
  const ctx = Context.fromDict<AgentState>(messenger, JSON.parse(await readFile(file, "utf8")));
  const waiting = (await ctx.store.getState()).pending;
  if (waiting.length === 0) throw new Error(`${file} holds no run waiting for an answer`);
  console.log(`Resuming run ${ctx.runId ?? ""} ← ${response}`);
  const handler = messenger.run(undefined, { ctx, resources: { llm } });
  // Answers every question of the saved turn: the tool's `requirements` match the call's id.
  for (const { toolId } of waiting) handler.ctx.sendEvent(new HumanResponseEvent({ response, toolId }));
  await pauseOrFinish(handler, file);
}

const tracing = startTracing("weft-example-agent");
try {
  if (command === "ask") await ask();
  else if (command === "answer") await answer();
  else throw new Error(usage);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await messenger.close();
  await tracing.shutdown();
}
