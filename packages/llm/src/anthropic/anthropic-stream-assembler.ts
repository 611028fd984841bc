import type Anthropic from "@anthropic-ai/sdk";
import type { LLMChunk, ToolCallDelta } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";
import type { ToolCall } from "../types/tool-call.js";
import { toFinishReason, toResponse, toUsage, type AssembledMessage } from "./from-anthropic.js";

type Event = Anthropic.Messages.RawMessageStreamEvent;

/**
 * Accumulates Messages API stream events (message_start, content_block_start/delta/stop, message_delta,
 * message_stop) into `LLMChunk`s and the final response. Tool calls are numbered in order of appearance.
 */
export class AnthropicStreamAssembler {
  #text = "";
  /** Content block index → the tool call it streams. */
  readonly #toolBlocks = new Map<number, ToolCall>();
  readonly #message: Omit<AssembledMessage, "text" | "toolCalls"> = { stopReason: undefined, usage: {}, raw: undefined };
  #stopped = false;

  /** Whether the stream said why the model stopped and ended (a stream cut off early does not). */
  get finished(): boolean {
    return this.#stopped && this.#message.stopReason !== undefined && this.#message.stopReason !== null;
  }

  /** Returns the chunk to hand out, or undefined for events that carry nothing for the caller (ping, block stops). */
  add(event: Event): LLMChunk | undefined {
    this.#message.raw = event;
    switch (event.type) {
      case "message_start":
        this.#message.id = event.message.id;
        this.#message.model = event.message.model;
        this.#message.usage = { ...event.message.usage };
        return undefined;
      case "content_block_start": {
        const block = event.content_block;
        if (block.type === "tool_use") {
          const call: ToolCall = { id: block.id, name: block.name, arguments: undefined, rawArguments: "" };
          this.#toolBlocks.set(event.index, call);
          return this.#chunk("", [{ index: this.#toolIndex(event.index), id: block.id, name: block.name }]);
        }
        if (block.type === "text" && block.text !== "") return this.#addText(block.text);
        return undefined;
      }
      case "content_block_delta": {
        const delta = event.delta;
        if (delta.type === "text_delta") return this.#addText(delta.text);
        if (delta.type === "input_json_delta") {
          const call = this.#toolBlocks.get(event.index);
          if (!call || delta.partial_json === "") return undefined;
          call.rawArguments += delta.partial_json;
          return this.#chunk("", [{ index: this.#toolIndex(event.index), argumentsDelta: delta.partial_json }]);
        }
        return undefined;
      }
      case "message_delta": {
        this.#message.stopReason = event.delta.stop_reason;
        // message_delta's usage is cumulative; fields it leaves out keep message_start's values.
        const usage = Object.fromEntries(Object.entries(event.usage ?? {}).filter(([, v]) => v !== null && v !== undefined));
        this.#message.usage = { ...this.#message.usage, ...usage };
        return {
          ...this.#chunk("", undefined),
          finishReason: toFinishReason(event.delta.stop_reason),
          usage: toUsage(this.#message.usage),
        };
      }
      case "message_stop":
        this.#stopped = true;
        return undefined;
      default:
        return undefined;
    }
  }

  response(): LLMResponse {
    const toolCalls = [...this.#toolBlocks.entries()].sort(([a], [b]) => a - b).map(([, call]) => ({ ...call, rawArguments: call.rawArguments || "{}" }));
    return toResponse({ ...this.#message, text: this.#text, toolCalls });
  }

  #addText(delta: string): LLMChunk {
    this.#text += delta;
    return this.#chunk(delta, undefined);
  }

  #chunk(delta: string, toolCallDeltas: ToolCallDelta[] | undefined): LLMChunk {
    return { delta, text: this.#text, ...(toolCallDeltas && { toolCallDeltas }), raw: this.#message.raw };
  }

  #toolIndex(blockIndex: number): number {
    return [...this.#toolBlocks.keys()].sort((a, b) => a - b).indexOf(blockIndex);
  }
}
