import { parseArgs } from "node:util";
import { WorkflowCancelledError } from "@weft/workflows";
import { describeOutcome, quizFlow } from "./quiz-flow.js";
import { answerFromTerminal } from "./terminal.js";
import { startTracing } from "./tracing.js";

const { values } = parseArgs({
  options: {
    question: { type: "string" },
    answer: { type: "string" },
    attempts: { type: "string" },
  },
});

const tracing = await startTracing();
try {
  const handler = quizFlow.run({
    question: values.question,
    answer: values.answer,
    maxAttempts: values.attempts === undefined ? undefined : Number(values.attempts),
  });
  const result = await answerFromTerminal(handler, { input: process.stdin, output: process.stdout });
  console.log(describeOutcome(result));
} catch (error) {
  if (!(error instanceof WorkflowCancelledError)) throw error;
  console.log("No answer given; the run was cancelled.");
  process.exitCode = 1;
} finally {
  await tracing?.shutdown();
}
