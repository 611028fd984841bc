import { WeftClient } from "@weft/server/client";
import type { quizFlow } from "@weft/example-hitl/src/quiz-flow";

/**
 * Plays the quiz against a running `npm start`: starts a run, reads its stream (reconnecting by itself if the server
 * restarts meanwhile), and answers each question with the next guess.
 */
const client = new WeftClient({ baseUrl: process.env.WEFT_URL ?? "http://127.0.0.1:4000", token: process.env.WEFT_SERVER_TOKEN });
const quiz = client.workflow<typeof quizFlow>("Quiz");
const guesses = ["40", "45", "42"];
const { handler_id } = await quiz.runNowait({ question: "What is 6 × 7?", answer: "42" });
for await (const entry of client.streamEvents(handler_id)) {
  if (entry.type === "InputRequiredEvent") {
    const guess = guesses.shift() ?? "42";
    console.log(`${String(entry.data.prefix)}→ ${guess}`);
    await client.sendEvent(handler_id, { type: "HumanResponseEvent", data: { response: guess } });
  } else {
    console.log(entry.type, JSON.stringify(entry.data));
  }
}
