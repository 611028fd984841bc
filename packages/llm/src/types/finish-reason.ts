/**
 * Why the model stopped. Provider-specific reasons that have no equivalent map to `"other"`;
 * the original value stays on `LLMResponse.raw`.
 */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "other";
