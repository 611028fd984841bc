export interface Usage {
  /** Every input token of the request, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens read from the provider's prompt cache (part of `inputTokens`), when it reports them. */
  cacheReadTokens?: number;
  /** Input tokens written to the provider's prompt cache (part of `inputTokens`), when it reports them. */
  cacheWriteTokens?: number;
}
