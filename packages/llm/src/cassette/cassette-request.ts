import { z } from "zod";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";
import type { CassetteMethod, CassetteRequest } from "./cassette.js";
import { scrubSecrets } from "./scrub-secrets.js";

/**
 * The request as a cassette keeps and matches it. `signal` and `timeoutMs` do not change the answer and are left
 * out; tools are their name, description and JSON schema; credentials are scrubbed.
 */
export function cassetteRequest(
  method: CassetteMethod,
  messages: readonly ChatMessage[],
  options: CallOptions | undefined,
  schema?: z.ZodType,
): CassetteRequest {
  const { signal: _signal, timeoutMs: _timeoutMs, tools, ...rest } = options ?? {};
  const request = {
    method,
    messages,
    options: {
      ...rest,
      ...(tools && { tools: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.jsonSchema, strict: t.strict })) }),
    },
    ...(schema && { schema: z.toJSONSchema(schema, { unrepresentable: "any" }) }),
  };
  return JSON.parse(JSON.stringify(scrubSecrets(request))) as CassetteRequest;
}
