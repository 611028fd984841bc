import type OpenAI from "openai";
import type { LLMChunk, ToolCallDelta } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";
import { toFinishReason, toResponse, toUsage } from "./from-openai.js";

interface PartialToolCall {
  id: string;
  name: string;
  rawArguments: string;
}

/** Accumulates Chat Completions chunks into `LLMChunk`s and the final response. */
export class StreamAssembler {
  #text = "";
  #refusal = "";
  #toolCalls = new Map<number, PartialToolCall>();
  #finishReason: string | null | undefined;
  #usage: OpenAI.CompletionUsage | null | undefined;
  #model: string | undefined;
  #id: string | undefined;
  #last: unknown;

  /** Whether the model said why it stopped (a stream cut off early never does). */
  get finished(): boolean {
    return this.#finishReason !== undefined && this.#finishReason !== null;
  }

  /** Returns the chunk to hand out, or undefined for chunks that carry nothing (e.g. the role-only first one). */
  add(chunk: OpenAI.Chat.Completions.ChatCompletionChunk): LLMChunk | undefined {
    this.#last = chunk;
    this.#model = chunk.model ?? this.#model;
    this.#id = chunk.id ?? this.#id;
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices?.[0];
    const delta = choice?.delta?.content ?? "";
    this.#text += delta;
    if (choice?.delta?.refusal) this.#refusal += choice.delta.refusal;
    if (choice?.finish_reason) this.#finishReason = choice.finish_reason;

    const toolCallDeltas: ToolCallDelta[] = [];
    for (const call of choice?.delta?.tool_calls ?? []) {
      const current = this.#toolCalls.get(call.index) ?? { id: "", name: "", rawArguments: "" };
      if (call.id) current.id = call.id;
      if (call.function?.name) current.name += call.function.name;
      if (call.function?.arguments) current.rawArguments += call.function.arguments;
      this.#toolCalls.set(call.index, current);
      toolCallDeltas.push({
        index: call.index,
        ...(call.id && { id: call.id }),
        ...(call.function?.name && { name: call.function.name }),
        ...(call.function?.arguments && { argumentsDelta: call.function.arguments }),
      });
    }

    if (delta === "" && toolCallDeltas.length === 0 && !choice?.finish_reason && !chunk.usage) return undefined;
    return {
      delta,
      text: this.#text,
      ...(toolCallDeltas.length > 0 && { toolCallDeltas }),
      ...(choice?.finish_reason && { finishReason: toFinishReason(choice.finish_reason) }),
      ...(chunk.usage && { usage: toUsage(chunk.usage) }),
      raw: chunk,
    };
  }

  response(): LLMResponse {
    const toolCalls = [...this.#toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ id: call.id, name: call.name, arguments: undefined, rawArguments: call.rawArguments }));
    return toResponse({
      text: this.#text,
      refusal: this.#refusal || undefined,
      toolCalls,
      finishReason: this.#finishReason,
      usage: this.#usage,
      model: this.#model,
      id: this.#id,
      raw: this.#last,
    });
  }
}
