import { z } from "zod";

export type StructuredParse<T> = { ok: true; value: T } | { ok: false; problem: string };

const FENCED = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?```\s*$/i;

/** Parses a model's JSON reply (tolerating a Markdown code fence) and validates it with `schema`. */
export function parseStructured<S extends z.ZodType>(schema: S, text: string): StructuredParse<z.output<S>> {
  const body = FENCED.exec(text)?.[1] ?? text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: `the reply is not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `the JSON does not fit the schema:\n${z.prettifyError(parsed.error)}` };
  return { ok: true, value: parsed.data };
}

/** The system message that describes the schema when the server only offers JSON mode. */
export function jsonModeInstruction(schema: z.ZodType, name: string): string {
  const jsonSchema = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return (
    `Reply with a single JSON value only (no prose, no code fences) that matches this JSON schema named "${name}":\n` +
    JSON.stringify(jsonSchema)
  );
}

export function repairInstruction(problem: string): string {
  return `Your previous reply could not be used: ${problem}\nReply again with only the corrected JSON.`;
}
