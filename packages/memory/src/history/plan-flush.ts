/**
 * How many of the oldest turns to flush. Nothing while the history fits `historyLimit`; otherwise whole
 * turns, at least `flushSize` tokens' worth and enough to fit again, never the latest turn (the
 * conversation in progress).
 */
export function planFlush(turnTokens: readonly number[], historyLimit: number, flushSize: number): number {
  let remaining = turnTokens.reduce((a, b) => a + b, 0);
  if (remaining <= historyLimit) return 0;
  let flushed = 0;
  let count = 0;
  while (count < turnTokens.length - 1 && (remaining > historyLimit || flushed < flushSize)) {
    flushed += turnTokens[count];
    remaining -= turnTokens[count];
    count++;
  }
  return count;
}
