import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Context, HumanResponseEvent, InputRequiredEvent, type WorkflowHandler, type WorkflowState } from "@weft/workflows";
import { describeOutcome, quizFlow, QuizResult } from "./quiz-flow.js";
import { startTracing } from "./tracing.js";

// The durable variant: each invocation is a short-lived process. `ask` starts a run and stops at the question;
// `answer` restores the saved context in a new process, answers, and either finishes or saves the next question.
//
//   npm run ask -- --save state.json
//   npm run answer -- --load state.json 42

const usage = `usage:
  durable.ts ask --save FILE [--question TEXT --answer TEXT --attempts N]
  durable.ts answer --load FILE ANSWER`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    save: { type: "string" },
    load: { type: "string" },
    question: { type: "string" },
    answer: { type: "string" },
    attempts: { type: "string" },
  },
});
const [command, ...rest] = positionals;

/**
 * Reads the run until it asks a question (save the context, then stop this process's copy of the run) or finishes
 * (print the result, and remove the file: there is nothing left to resume).
 */
async function pauseOrFinish<R, S>(handler: WorkflowHandler<R, S>, file: string): Promise<void> {
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof InputRequiredEvent) {
      await writeFile(file, JSON.stringify(handler.ctx.toDict(), null, 2));
      handler.cancel("paused: waiting for a human answer");
      await handler.then(undefined, () => undefined);
      console.log(ev.prefix.trim());
      console.log(`Saved the paused run to ${file}. Answer with: npm run answer -- --load ${file} "<answer>"`);
      return;
    }
  }
  const result = await handler;
  if (!(result instanceof QuizResult)) throw new Error(`unexpected result ${JSON.stringify(result)}`);
  await rm(file, { force: true });
  console.log(describeOutcome(result));
}

async function ask(): Promise<void> {
  if (!values.save) throw new Error(`ask needs --save FILE\n${usage}`);
  const handler = quizFlow.run({
    question: values.question,
    answer: values.answer,
    maxAttempts: values.attempts === undefined ? undefined : Number(values.attempts),
  });
  await pauseOrFinish(handler, values.save);
}

async function answer(): Promise<void> {
  const file = values.load;
  const response = rest.join(" ");
  if (!file || rest.length === 0) throw new Error(`answer needs --load FILE and the answer\n${usage}`);
  if (!existsSync(file)) throw new Error(`${file} does not exist: start a run with "npm run ask -- --save ${file}"`);
  const dict: unknown = JSON.parse(await readFile(file, "utf8"));
  const ctx = Context.fromDict<WorkflowState<typeof quizFlow>>(quizFlow, dict);
  if (!ctx.runId) throw new Error(`${file} holds no paused run`);
  const { question } = await ctx.store.getState();
  console.log(`Resuming run ${ctx.runId}: "${question}" ← ${response}`);
  const handler = quizFlow.run(undefined, { ctx });
  handler.ctx.sendEvent(new HumanResponseEvent({ response }));
  await pauseOrFinish(handler, file);
}

const tracing = await startTracing();
try {
  if (command === "ask") await ask();
  else if (command === "answer") await answer();
  else throw new Error(usage);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await tracing?.shutdown();
}
