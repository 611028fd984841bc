import type { HandlerRecord } from "../api.js";

export const PAGE_SIZE = 50;

/** One page of runs, newest first. */
export interface RunPage {
  runs: HandlerRecord[];
  /** How many runs match, when the server gave them all (it does not page). */
  total?: number;
  /** The server's cursor to the next (older) page, when it pages. */
  nextCursor?: string;
  hasNext: boolean;
}

const newestFirst = (a: HandlerRecord, b: HandlerRecord) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0);

/** `GET /handlers` as the page reads it: `next_cursor` is there when the server pages. */
export interface HandlersAnswer {
  handlers: HandlerRecord[];
  next_cursor?: string | null;
}

/** The page to show from the server's answer: its own page when it pages, else page `page` of every run. */
export function runPageOf(answer: HandlersAnswer, page: number): RunPage {
  const runs = answer.handlers.sort(newestFirst);
  if ("next_cursor" in answer) return { runs, nextCursor: answer.next_cursor ?? undefined, hasNext: Boolean(answer.next_cursor) };
  const start = page * PAGE_SIZE;
  return { runs: runs.slice(start, start + PAGE_SIZE), total: runs.length, hasNext: start + PAGE_SIZE < runs.length };
}
