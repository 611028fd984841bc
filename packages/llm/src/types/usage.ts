export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}
