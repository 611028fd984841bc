import { agentWorkflow } from "@weft/agents";
import { isLLMError, OpenAILLM } from "@weft/llm";
import { MemorySessions } from "@weft/memory";
import { resource, type RetryPolicy } from "@weft/workflows";
import { sendMessage } from "./send-message.js";
import { tools } from "./tools.js";

export const SYSTEM_PROMPT =
  "You are a helpful assistant. Use the tools for weather and for arithmetic instead of guessing. " +
  "Ask before sending a message on the user's behalf. Answer briefly.";
/** Model turns per run before the agent gives up: a guard against a model that never stops calling tools. */
export const MAX_TURNS = 6;

/**
 * Rate limits are worth waiting out (with growing, jittered delays); a bad request or a missing key would fail the
 * same way again, so those fail the run at once.
 */
export const rateLimitRetry: RetryPolicy = {
  maxAttempts: 4,
  delay: 0.5,
  backoff: "exponential",
  maxDelay: 20,
  jitter: true,
  retryOn: (error) => isLLMError(error) && error.kind === "rate_limit",
};

const llm = resource("llm", () => new OpenAILLM({ model: process.env.WEFT_MODEL ?? "gpt-4.1-mini" }));

/**
 * The whole agent: `agentWorkflow` runs the loop (model → tools in parallel → model … → answer) as an ordinary
 * workflow. Both resources can be replaced per run: `agent.run(input, { resources: { llm, memory } })`.
 */
export const agent = agentWorkflow({
  name: "Agent",
  llm,
  tools,
  systemPrompt: SYSTEM_PROMPT,
  memory: resource("memory", () => new MemorySessions({ tokenLimit: 16_000 }), { dispose: (sessions) => sessions.close() }),
  maxTurns: MAX_TURNS,
  retry: rateLimitRetry,
});

/** The same agent plus a tool that asks a human first; `src/durable.ts` saves its runs while they wait. */
export const messenger = agentWorkflow({
  name: "Messenger",
  llm,
  tools: [...tools, sendMessage],
  systemPrompt: SYSTEM_PROMPT,
  maxTurns: MAX_TURNS,
  retry: rateLimitRetry,
});
