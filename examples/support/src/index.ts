export { chooseLLM, type ChosenLLM } from "./choose-llm.js";
export { startTracing, type ExampleTracing } from "./tracing.js";
export { traceReport } from "./trace-report.js";
