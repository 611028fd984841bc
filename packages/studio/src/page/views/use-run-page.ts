import { get, type HandlerRecord } from "../api.js";
import { usePoll } from "../use-poll.js";

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

export interface RunPageQuery {
  workflow: string;
  status: string;
  /** Which page (0 is the newest). */
  page: number;
  /** The server's cursor for that page, when it pages. */
  cursor?: string;
}

const newestFirst = (a: HandlerRecord, b: HandlerRecord) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0);

/**
 * One request per poll: with `limit` (and `cursor`) a server that pages answers one page and `next_cursor`; one that
 * does not ignores them and answers every run, which is then sliced here.
 */
export function useRunPage({ workflow, status, page, cursor }: RunPageQuery): { value?: RunPage; error?: string } {
  return usePoll(
    async (signal) => {
      const q = new URLSearchParams();
      if (workflow) q.set("workflow_name", workflow);
      if (status) q.set("status", status);
      q.set("limit", String(PAGE_SIZE));
      if (cursor) q.set("cursor", cursor);
      const answer = await get<{ handlers: HandlerRecord[]; next_cursor?: string | null }>(`/handlers?${q}`, signal);
      const runs = answer.handlers.sort(newestFirst);
      if ("next_cursor" in answer) return { runs, nextCursor: answer.next_cursor ?? undefined, hasNext: Boolean(answer.next_cursor) };
      const start = page * PAGE_SIZE;
      return { runs: runs.slice(start, start + PAGE_SIZE), total: runs.length, hasNext: start + PAGE_SIZE < runs.length };
    },
    [workflow, status, page, cursor],
    1500,
  );
}
