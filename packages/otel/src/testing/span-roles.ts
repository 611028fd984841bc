import type { ReadableSpan } from "@opentelemetry/sdk-trace";

// How the Weft packages mark their spans (see the tracing conventions): both the OpenInference and the
// GenAI attributes are accepted so a span from another instrumentation library is recognised too.

export function isRunSpan(span: ReadableSpan, workflowName?: string): boolean {
  const isRun =
    span.attributes["gen_ai.operation.name"] === "invoke_workflow" || span.name.startsWith("invoke_workflow");
  if (!isRun || workflowName === undefined) return isRun;
  return (
    span.attributes["weft.workflow.name"] === workflowName ||
    span.attributes["gen_ai.workflow.name"] === workflowName ||
    span.name === `invoke_workflow ${workflowName}`
  );
}

export function isStepSpan(span: ReadableSpan, stepName?: string): boolean {
  const name = span.attributes["weft.step.name"];
  const isStep = typeof name === "string" || span.name.startsWith("step ");
  if (!isStep || stepName === undefined) return isStep;
  return name === stepName || span.name === `step ${stepName}`;
}

export function isLlmSpan(span: ReadableSpan, model?: string): boolean {
  const operation = span.attributes["gen_ai.operation.name"];
  const isLlm =
    span.attributes["openinference.span.kind"] === "LLM" || operation === "chat" || operation === "text_completion";
  if (!isLlm || model === undefined) return isLlm;
  return [
    span.attributes["gen_ai.request.model"],
    span.attributes["gen_ai.response.model"],
    span.attributes["llm.model_name"],
  ].includes(model);
}
