import { z } from "zod";
import { bindStepSignal, zodSchemaProblem } from "@weft/core";
import { ToolArgumentsError } from "../errors/tool-arguments-error.js";
import { signalView } from "../signal/signal-view.js";
import { runToolInSpan } from "../tracing/tool-span.js";
import type { ToolCall } from "../types/tool-call.js";
import type { Tool, ToolContext } from "./tool.js";

export interface ToolDefinition<P extends z.ZodType> {
  description: string;
  /** A zod object schema (the model always passes an object of named arguments). */
  parameters: P;
  /** Ask providers that support it to follow the schema exactly (OpenAI `strict` function calling). */
  strict?: boolean;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool the model may call.
 *
 * ```ts
 * const weather = defineTool("get_weather", {
 *   description: "Current weather for a city",
 *   parameters: z.object({ city: z.string() }),
 * }, async ({ city }) => `sunny in ${city}`);
 * ```
 */
export function defineTool<P extends z.ZodType, R = unknown>(
  name: string,
  definition: ToolDefinition<P>,
  execute?: (args: z.output<P>, context: ToolContext) => R | Promise<R>,
): Tool<P, R> {
  if (!TOOL_NAME.test(name)) {
    throw new TypeError(`defineTool: name ${JSON.stringify(name)} must be 1-64 letters, digits, "_" or "-"`);
  }
  if (!definition || !(definition.parameters instanceof z.ZodType)) {
    const problem = definition ? zodSchemaProblem(definition.parameters) : undefined;
    const why = problem?.startsWith("Weft needs") ? `: ${problem}` : ", e.g. z.object({ … })";
    throw new TypeError(`defineTool("${name}"): "parameters" must be a zod 4 schema${why}`);
  }
  const jsonSchema = toParametersSchema(name, definition.parameters);
  const parameters = definition.parameters;

  const tool: Tool<P, R> = {
    name,
    description: definition.description ?? "",
    parameters,
    jsonSchema,
    strict: definition.strict ?? false,
    execute,
    parseArguments(args: unknown): z.output<P> {
      let value = args;
      if (typeof value === "string") {
        try {
          value = value.trim() === "" ? {} : JSON.parse(value);
        } catch (error) {
          throw new ToolArgumentsError(name, `arguments are not valid JSON: ${(error as Error).message}`, [], error);
        }
      }
      const parsed = parameters.safeParse(value);
      if (!parsed.success) {
        throw new ToolArgumentsError(name, `invalid arguments: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
      }
      return parsed.data;
    },
    async call(args: unknown, context: ToolContext = {}): Promise<R> {
      if (!execute) throw new TypeError(`tool "${name}" has no execute function; handle its calls yourself`);
      // A cancelled step starts no more tools.
      context.signal?.throwIfAborted();
      const toolCall = isToolCall(args) ? args : context.toolCall;
      const input = isToolCall(args) ? args.rawArguments : args;
      return runToolInSpan(tool, input, toolCall, context.signal, async () => {
        const parsed = tool.parseArguments(input);
        return execute(parsed, { ...context, toolCall });
      });
    },
  };
  // A tool handed to a step follows the step's signal: `execute` receives it (with the caller's) in its context.
  Object.defineProperty(tool, bindStepSignal, { value: (signal: AbortSignal) => signalView(tool, signal, { call: 1 }) });
  return tool;
}

function toParametersSchema(name: string, parameters: z.ZodType): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(parameters, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`defineTool("${name}"): parameters cannot be expressed as JSON schema: ${(error as Error).message}`);
  }
  if (schema.type !== "object") {
    throw new TypeError(`defineTool("${name}"): parameters must be a zod object schema (got JSON schema type ${JSON.stringify(schema.type)})`);
  }
  delete schema.$schema;
  return schema;
}

function isToolCall(value: unknown): value is ToolCall {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ToolCall).id === "string" &&
    typeof (value as ToolCall).name === "string" &&
    typeof (value as ToolCall).rawArguments === "string"
  );
}
