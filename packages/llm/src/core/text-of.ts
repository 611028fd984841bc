import type { ContentPart } from "../types/message.js";

/** The text of a message that may hold only text (system, assistant, tool); `index` names it in the error. */
export function textOf(content: string | ContentPart[], index: number): string {
  if (typeof content === "string") return content;
  return content
    .map((part) => {
      if (part.type !== "text") throw new TypeError(`messages[${index}]: only user messages may contain images`);
      return part.text;
    })
    .join("");
}
