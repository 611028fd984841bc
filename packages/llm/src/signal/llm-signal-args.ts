/** Where each `LLM` method takes its options (the argument that may carry `signal`). */
export const LLM_SIGNAL_ARGS = { complete: 1, chat: 1, streamChat: 1, streamComplete: 1, structured: 2 } as const;
