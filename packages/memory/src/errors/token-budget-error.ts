/** The budget cannot hold what must be shown (the latest turn, or the blocks that are never cut). */
export class TokenBudgetError extends Error {
  override readonly name = "TokenBudgetError";
  constructor(
    message: string,
    readonly neededTokens: number,
    readonly availableTokens: number,
  ) {
    super(message);
  }
}
