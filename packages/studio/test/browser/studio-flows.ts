// What the browser test serves with `weft dev`: the joke flow on its offline demo model, and the HITL quiz.
export { jokeFlow } from "../../../../examples/joke-flow/src/served.js";
export { quizFlow } from "../../../../examples/hitl/src/quiz-flow.js";
