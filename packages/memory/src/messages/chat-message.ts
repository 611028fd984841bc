/**
 * Memory stores the chat messages of `@weft/llm` unchanged, so what an agent sends to its model
 * can be put as-is and comes back as it was put.
 */
export type { ChatMessage, ChatRole, ContentPart } from "@weft/llm";
