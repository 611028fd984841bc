import type { Attributes } from "@opentelemetry/api";
import { REDACTED, truncate } from "@weft/core";
import type { ChatMessage } from "../types/message.js";

/**
 * OpenInference attributes for a list of messages under `prefix`
 * (`llm.input_messages` or `llm.output_messages`). Hidden messages keep their role and
 * lose their content, tool arguments and image URLs.
 */
export function messageAttributes(
  prefix: string,
  messages: readonly ChatMessage[],
  hidden: boolean,
  maxValueLength: number,
): Attributes {
  const attributes: Attributes = {};
  const text = (value: string) => (hidden ? REDACTED : truncate(value, maxValueLength));
  messages.forEach((message, i) => {
    const base = `${prefix}.${i}.message`;
    attributes[`${base}.role`] = message.role;
    if (typeof message.content === "string") {
      attributes[`${base}.content`] = text(message.content);
    } else {
      message.content.forEach((part, j) => {
        const partBase = `${base}.contents.${j}.message_content`;
        attributes[`${partBase}.type`] = part.type;
        if (part.type === "text") attributes[`${partBase}.text`] = text(part.text);
        else attributes[`${partBase}.image.image.url`] = hidden ? REDACTED : truncate(part.url, maxValueLength);
      });
    }
    if (message.name !== undefined) attributes[`${base}.name`] = message.name;
    if (message.toolCallId !== undefined) attributes[`${base}.tool_call_id`] = message.toolCallId;
    message.toolCalls?.forEach((call, j) => {
      const callBase = `${base}.tool_calls.${j}.tool_call`;
      attributes[`${callBase}.id`] = call.id;
      attributes[`${callBase}.function.name`] = call.name;
      attributes[`${callBase}.function.arguments`] = text(call.rawArguments);
    });
  });
  return attributes;
}
