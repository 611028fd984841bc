export type { ChatRole, ChatMessage, ContentPart, TextPart, ImagePart } from "./types/message.js";
export type { ToolCall } from "./types/tool-call.js";
export type { Usage } from "./types/usage.js";
export type { FinishReason } from "./types/finish-reason.js";
export type { LLMResponse } from "./types/response.js";
export type { LLMChunk, ToolCallDelta } from "./types/chunk.js";
export type { LLMStream } from "./types/stream.js";
export type { CallOptions, StructuredOptions, StructuredMode, ToolChoice } from "./types/options.js";
export type { LLM } from "./types/llm.js";
export { LLMError, isLLMError, type LLMErrorKind, type LLMErrorOptions } from "./errors/llm-error.js";
export { ToolArgumentsError } from "./errors/tool-arguments-error.js";
export type { Tool, ToolContext } from "./tools/tool.js";
export { defineTool, type ToolDefinition } from "./tools/define-tool.js";
export { resolveTraceOptions, type TraceOptions, type ResolvedTraceOptions } from "./tracing/trace-options.js";
export { BaseLLM } from "./core/base-llm.js";
export type { ChatRequest, ResponseFormat } from "./core/chat-request.js";
export { MockLLM } from "./mock/mock-llm.js";
export type {
  MockCall,
  MockLLMOptions,
  MockMatcher,
  MockReply,
  MockRequest,
  MockResponse,
  MockRule,
  MockToolCall,
} from "./mock/mock-types.js";
export type { EmbeddingModel, EmbedOptions } from "./types/embedding-model.js";
export { OpenAILLM } from "./openai/openai-llm.js";
export type { OpenAILLMOptions, OpenAIConnectionOptions } from "./openai/openai-llm-options.js";
export { OpenAIEmbedding, type OpenAIEmbeddingOptions } from "./openai/openai-embedding.js";
export { RateLimiter, type RateLimitPermit } from "./rate-limit/rate-limiter.js";
export type { RateLimit, RateLimitOptions } from "./rate-limit/rate-limit-options.js";
export type { Clock } from "./rate-limit/clock.js";
export { RecordingLLM, type RecordingLLMOptions } from "./cassette/recording-llm.js";
export { ReplayLLM, type ReplayLLMOptions } from "./cassette/replay-llm.js";
export type { Cassette, CassetteError, CassetteInteraction, CassetteMethod, CassetteRequest } from "./cassette/cassette.js";
