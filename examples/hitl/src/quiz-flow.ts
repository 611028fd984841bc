import { z } from "zod";
import { defineStartEvent, defineStopEvent, HumanResponseEvent, InputRequiredEvent, Workflow } from "@weft/workflows";

/** What the run remembers between the question and the answer — and what `ctx.toDict()` carries to another process. */
const QuizState = z.object({
  question: z.string().default(""),
  answer: z.string().default(""),
  maxAttempts: z.number().int().default(3),
  attempts: z.number().int().default(0),
});

export const QuizStart = defineStartEvent("QuizStart", {
  question: z.string().default("What is the answer to life, the universe and everything?"),
  answer: z.string().default("42"),
  maxAttempts: z.number().int().min(1).default(3),
});

/** Awaiting a run gives this event: a typed stop event instead of a bare `result`. */
export const QuizResult = defineStopEvent("QuizResult", {
  correct: z.boolean(),
  attempts: z.number().int(),
  answer: z.string(),
});

function hint(given: string, expected: string): string {
  const a = Number(given);
  const b = Number(expected);
  if (given.trim() === "" || Number.isNaN(a) || Number.isNaN(b)) return "Not quite.";
  return a < b ? "Too low." : "Too high.";
}

/**
 * Asks a question and waits for a human. A wrong answer asks again, until `maxAttempts`. Nothing in the steps knows
 * where the answer comes from: a terminal, a web form, or a second process that restored the saved context.
 */
export const quizFlow = new Workflow({ name: "Quiz", timeout: null, state: QuizState })
  .step("ask", { accepts: [QuizStart], returns: [InputRequiredEvent] }, async (ev, ctx) => {
    await ctx.store.setState({ question: ev.question, answer: ev.answer, maxAttempts: ev.maxAttempts, attempts: 0 });
    // Returning an InputRequiredEvent puts it on the stream; the run then waits for a HumanResponseEvent.
    return new InputRequiredEvent({ prefix: `${ev.question} ` });
  })
  .step("check", { accepts: [HumanResponseEvent], returns: [InputRequiredEvent, QuizResult] }, async (ev, ctx) => {
    const state = await ctx.store.editState((s) => {
      s.attempts += 1;
    });
    const given = ev.response.trim();
    if (given === state.answer) return new QuizResult({ correct: true, attempts: state.attempts, answer: state.answer });
    if (state.attempts >= state.maxAttempts) return new QuizResult({ correct: false, attempts: state.attempts, answer: state.answer });
    const left = state.maxAttempts - state.attempts;
    return new InputRequiredEvent({ prefix: `${hint(given, state.answer)} ${left} attempt${left === 1 ? "" : "s"} left. ${state.question} ` });
  });

export type QuizOutcome = InstanceType<typeof QuizResult>;

export function describeOutcome(result: QuizOutcome): string {
  return result.correct
    ? `Correct! The answer is ${result.answer} (${result.attempts} attempt${result.attempts === 1 ? "" : "s"}).`
    : `Out of attempts. The answer was ${result.answer}.`;
}
