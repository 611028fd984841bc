import { z } from "zod";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";
import type { CassetteMethod, CassetteRequest } from "./cassette.js";
import { scrubSecrets } from "./scrub-secrets.js";

/**
 * The request as a cassette keeps and matches it: its `requestShape`, with credentials scrubbed, as plain JSON.
 */
export function cassetteRequest(
  method: CassetteMethod,
  messages: readonly ChatMessage[],
  options: CallOptions | undefined,
  schema?: z.ZodType,
): CassetteRequest {
  return JSON.parse(JSON.stringify(scrubSecrets(requestShape(method, messages, options, schema)))) as CassetteRequest;
}

/**
 * What of a request decides its answer. `signal` and `timeoutMs` do not and are left out; tools are their name,
 * description and JSON schema. Not yet JSON: `undefined` fields are still there.
 */
export function requestShape(method: CassetteMethod, messages: readonly ChatMessage[], options: CallOptions | undefined, schema?: z.ZodType) {
  const { signal: _signal, timeoutMs: _timeoutMs, tools, ...rest } = options ?? {};
  return {
    method,
    messages,
    options: {
      ...rest,
      ...(tools && { tools: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.jsonSchema, strict: t.strict })) }),
    },
    ...(schema && { schema: z.toJSONSchema(schema, { unrepresentable: "any" }) }),
  };
}
