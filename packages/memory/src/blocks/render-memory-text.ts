/** A block's text as it appears in the prompt. */
export interface BlockSection {
  name: string;
  content: string;
}

/** Wraps block contents in tags so the model can tell memory from conversation. */
export function renderMemoryText(sections: readonly BlockSection[]): string {
  const body = sections.map((s) => `<${s.name}>\n${s.content}\n</${s.name}>`).join("\n");
  return `<memory>\n${body}\n</memory>`;
}
