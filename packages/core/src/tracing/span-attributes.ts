/**
 * Span attribute and event names that more than one package writes or reads. One spelling here keeps the
 * producers (workflows, llm, memory, agents) and the readers (otel's tree, summaries and test matchers) in step.
 */

// OpenInference: what Phoenix and other LLM-trace viewers read.
export const ATTR_OPENINFERENCE_SPAN_KIND = "openinference.span.kind";
export const ATTR_INPUT_VALUE = "input.value";
export const ATTR_INPUT_MIME_TYPE = "input.mime_type";
export const ATTR_OUTPUT_VALUE = "output.value";
export const ATTR_OUTPUT_MIME_TYPE = "output.mime_type";
export const ATTR_LLM_MODEL_NAME = "llm.model_name";
export const ATTR_LLM_TOKEN_COUNT_PROMPT = "llm.token_count.prompt";
export const ATTR_LLM_TOKEN_COUNT_COMPLETION = "llm.token_count.completion";

// OpenTelemetry GenAI semantic conventions.
export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_GEN_AI_WORKFLOW_NAME = "gen_ai.workflow.name";
export const ATTR_ERROR_TYPE = "error.type";

// Weft's own.
export const ATTR_WEFT_WORKFLOW_NAME = "weft.workflow.name";
export const ATTR_WEFT_STEP_NAME = "weft.step.name";
export const ATTR_WEFT_STEP_ATTEMPT = "weft.step.attempt";
export const ATTR_WEFT_EVENT_TYPE = "weft.event.type";
export const ATTR_WEFT_EVENT_INPUT_TYPE = "weft.event.input.type";
/** On an LLM span: the call was answered from the run's journal (a step that ran again after a crash), not sent. */
export const ATTR_WEFT_LLM_REPLAYED = "weft.llm.replayed";
/** The span event a step's emitted or consumed workflow event is recorded as. */
export const EVENT_WEFT_EVENT = "weft.event";
