/**
 * Splits a history into conversation turns: each turn starts at a user message and holds what follows
 * it (assistant replies, tool calls and results). Messages before the first user message form a turn
 * of their own.
 */
export function splitTurns<T>(items: readonly T[], isUser: (item: T) => boolean): T[][] {
  const turns: T[][] = [];
  for (const item of items) {
    if (isUser(item) || turns.length === 0) turns.push([item]);
    else turns[turns.length - 1].push(item);
  }
  return turns;
}
