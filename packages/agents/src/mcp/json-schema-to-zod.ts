import { z } from "zod";

type JSONSchema = Parameters<typeof z.fromJSONSchema>[0];

/**
 * A zod schema that validates what `schema` (an MCP tool's JSON Schema) describes. Draft-07 `definitions` are moved to
 * `$defs`, the only place zod resolves references in.
 */
export function jsonSchemaToZod(schema: Record<string, unknown>): z.ZodType {
  const { $schema: _dialect, definitions, ...rest } = schema;
  if (definitions === undefined || "$defs" in rest) return z.fromJSONSchema({ ...rest, ...(definitions === undefined ? {} : { definitions }) } as JSONSchema);
  const moved = JSON.stringify({ ...rest, $defs: definitions }).replaceAll('"#/definitions/', '"#/$defs/');
  return z.fromJSONSchema(JSON.parse(moved) as JSONSchema);
}
