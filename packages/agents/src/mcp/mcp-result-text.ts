/** One content block of an MCP tool result. */
interface ContentBlock {
  type: string;
  text?: string;
  mimeType?: string;
  uri?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
}

/** What the model reads of an MCP tool result: its text, structured content as JSON, other blocks named. */
export function mcpResultText(result: { content?: unknown; structuredContent?: unknown }): string {
  const blocks = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
  const parts = blocks.map((block) => {
    switch (block.type) {
      case "text":
        return block.text ?? "";
      case "resource":
        return block.resource?.text ?? `[resource ${block.resource?.uri ?? ""}]`;
      case "resource_link":
        return `[resource ${block.uri ?? ""}]`;
      default:
        return `[${block.type}${block.mimeType ? ` ${block.mimeType}` : ""}]`;
    }
  });
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join("\n");
}
