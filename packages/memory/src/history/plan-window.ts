/**
 * How many of the newest turns fit `budget` tokens, taken whole from the end, so the window starts at a
 * user message (or at the very start of the history when all of it fits).
 */
export function planWindow(turnTokens: readonly number[], budget: number): { turns: number; tokens: number } {
  let tokens = 0;
  let turns = 0;
  for (let i = turnTokens.length - 1; i >= 0; i--) {
    if (tokens + turnTokens[i] > budget) break;
    tokens += turnTokens[i];
    turns++;
  }
  return { turns, tokens };
}
