import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_LLM_MODEL_NAME,
  ATTR_OPENINFERENCE_SPAN_KIND,
  ATTR_WEFT_STEP_NAME,
  ATTR_WEFT_WORKFLOW_NAME,
} from "@weft/core";

// How the Weft packages mark their spans (see the tracing conventions): both the OpenInference and the
// GenAI attributes are accepted so a span from another instrumentation library is recognised too.

export function isRunSpan(span: ReadableSpan, workflowName?: string): boolean {
  const isRun =
    span.attributes[ATTR_GEN_AI_OPERATION_NAME] === "invoke_workflow" || span.name.startsWith("invoke_workflow");
  if (!isRun || workflowName === undefined) return isRun;
  return (
    span.attributes[ATTR_WEFT_WORKFLOW_NAME] === workflowName ||
    span.attributes[ATTR_GEN_AI_WORKFLOW_NAME] === workflowName ||
    span.name === `invoke_workflow ${workflowName}`
  );
}

export function isStepSpan(span: ReadableSpan, stepName?: string): boolean {
  const name = span.attributes[ATTR_WEFT_STEP_NAME];
  const isStep = typeof name === "string" || span.name.startsWith("step ");
  if (!isStep || stepName === undefined) return isStep;
  return name === stepName || span.name === `step ${stepName}`;
}

export function isLlmSpan(span: ReadableSpan, model?: string): boolean {
  const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  const isLlm =
    span.attributes[ATTR_OPENINFERENCE_SPAN_KIND] === "LLM" || operation === "chat" || operation === "text_completion";
  if (!isLlm || model === undefined) return isLlm;
  return [
    span.attributes[ATTR_GEN_AI_REQUEST_MODEL],
    span.attributes[ATTR_GEN_AI_RESPONSE_MODEL],
    span.attributes[ATTR_LLM_MODEL_NAME],
  ].includes(model);
}
