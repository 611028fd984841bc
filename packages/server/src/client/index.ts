export { WeftClient, WeftClientError, WeftRunError, TypedWorkflowClient, type WeftClientOptions, type StreamOptions } from "./weft-client.js";
export type { HandlerInfo, HandlerListFilter, HandlersPage, HandlerStatus, StreamEntryJSON, EventInput, WireResult, StartFieldsOf, ResultOf } from "./client-types.js";
export { readSse, type SseFrame } from "./sse-reader.js";
