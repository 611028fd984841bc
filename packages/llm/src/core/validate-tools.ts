import type { Tool } from "../tools/tool.js";

export function validateTools(method: string, tools: readonly Tool[] | undefined): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) throw new TypeError(`${method}: options.tools must be an array of tools made by defineTool`);
  const seen = new Set<string>();
  tools.forEach((tool, i) => {
    if (typeof tool?.name !== "string" || typeof tool.jsonSchema !== "object") {
      throw new TypeError(`${method}: options.tools[${i}] is not a tool; make tools with defineTool(name, { description, parameters })`);
    }
    if (seen.has(tool.name)) throw new TypeError(`${method}: options.tools has two tools named "${tool.name}"`);
    seen.add(tool.name);
  });
}
