import { PassThrough } from "node:stream";
import { SpanStatusCode } from "@opentelemetry/api";
import { createTestTracing, expectTrace } from "@weft/otel";
import { WorkflowCancelledError } from "@weft/workflows";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { describeOutcome, quizFlow } from "../src/quiz-flow.js";
import { answerFromTerminal } from "../src/terminal.js";

const tracing = createTestTracing();

function terminal(lines: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = "";
  output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
  input.end(lines.map((l) => `${l}\n`).join(""));
  return { io: { input, output }, transcript: () => transcript };
}

describe("quiz on the terminal", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("asks, gives a hint on a wrong answer, and finishes on the right one", async () => {
    const term = terminal(["41", "42"]);
    const result = await answerFromTerminal(quizFlow.run({}), term.io);

    expect(result).toMatchObject({ correct: true, attempts: 2, answer: "42" });
    expect(describeOutcome(result)).toBe("Correct! The answer is 42 (2 attempts).");
    expect(term.transcript()).toBe(
      "What is the answer to life, the universe and everything? 41\n" +
        "Too low. 2 attempts left. What is the answer to life, the universe and everything? 42\n",
    );

    expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("Quiz")
      .toHaveStep("ask", { attempts: 1 })
      .toHaveStep("check", { attempts: 2 })
      .toHaveEvent("step ask", "weft.event", { "weft.event.type": "InputRequiredEvent" })
      .toHaveEvent("invoke_workflow Quiz", "weft.event", { "weft.event.type": "HumanResponseEvent", "weft.event.payload": /"response":"41"/ })
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.status", "completed")
      .toHaveNoErrors();
  });

  it("gives up after maxAttempts wrong answers", async () => {
    const term = terminal(["1", "100"]);
    const result = await answerFromTerminal(quizFlow.run({ question: "6 × 7?", maxAttempts: 2 }), term.io);
    expect(result).toMatchObject({ correct: false, attempts: 2 });
    expect(term.transcript()).toBe("6 × 7? 1\nToo low. 1 attempt left. 6 × 7? 100\n");
  });

  it("cancels the run when input ends before an answer, without marking the trace as failed", async () => {
    const term = terminal([]);
    await expect(answerFromTerminal(quizFlow.run({}), term.io)).rejects.toBeInstanceOf(WorkflowCancelledError);

    const run = expectTrace(tracing.spans())
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.status", "cancelled")
      .toHaveAttribute("invoke_workflow Quiz", "weft.run.waiting_for_input", true)
      .span("invoke_workflow Quiz");
    expect(run.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
