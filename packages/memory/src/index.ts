export { Memory } from "./memory.js";
export type { MemoryOptions } from "./memory-options.js";
export { MemorySessions, type MemorySessionsOptions } from "./memory-sessions.js";
export type { ChatMessage, ChatRole, ContentPart } from "./messages/chat-message.js";
export type { InsertMethod } from "./history/insert-memory.js";

export type { MemoryBlock, BlockContext, BlockState } from "./blocks/memory-block.js";
export { parseBlockState } from "./blocks/parse-block-state.js";
export { StaticBlock, type StaticBlockOptions } from "./blocks/static-block.js";
export { FactExtractionBlock, type FactExtractionBlockOptions, type FactState } from "./blocks/fact-extraction-block.js";
export { VectorBlock, type VectorBlockOptions, type VectorState, type VectorEntry } from "./blocks/vector-block.js";

export type { Embedding } from "./embeddings/embedding.js";
export { HashEmbedding, type HashEmbeddingOptions } from "./embeddings/hash-embedding.js";
export { cosineSimilarity } from "./embeddings/cosine-similarity.js";

export type { Tokenizer } from "./tokens/tokenizer.js";
export { gptTokenizer } from "./tokens/gpt-tokenizer.js";
export { estimateTokenizer } from "./tokens/estimate-tokenizer.js";
export { encodingForModel, type EncodingName } from "./tokens/encoding-for-model.js";
export { countMessageTokens } from "./tokens/count-message-tokens.js";

// The SQLite and PostgreSQL stores live in `@weft/memory/sqlite` and `@weft/memory/postgres`, so their drivers load only there.
export type { MemoryStore, StoredMessage, ListOptions } from "./stores/memory-store.js";
export { InMemoryStore } from "./stores/in-memory-store.js";

export { MemoryInputError } from "./errors/memory-input-error.js";
export { MessageTooLargeError } from "./errors/message-too-large-error.js";
export { CorruptRowError } from "./errors/corrupt-row-error.js";
export { TokenBudgetError } from "./errors/token-budget-error.js";
export { StoreBusyError } from "./errors/store-busy-error.js";
export { FlushError } from "./errors/flush-error.js";

export type { TraceOptions } from "./tracing/trace-options.js";
