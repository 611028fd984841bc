import { get } from "../api.js";
import { usePoll } from "../use-poll.js";
import { PAGE_SIZE, runPageOf, type HandlersAnswer, type RunPage } from "./run-page.js";

export interface RunPageQuery {
  workflow: string;
  status: string;
  /** Which page (0 is the newest). */
  page: number;
  /** The server's cursor for that page, when it pages. */
  cursor?: string;
}

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
      return runPageOf(await get<HandlersAnswer>(`/handlers?${q}`, signal), page);
    },
    [workflow, status, page, cursor],
    1500,
  );
}
