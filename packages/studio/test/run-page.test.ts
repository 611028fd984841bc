import { describe, expect, it } from "vitest";
import type { HandlerRecord } from "../src/page/api.js";
import { PAGE_SIZE, runPageOf } from "../src/page/views/run-page.js";

const run = (n: number): HandlerRecord => {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  return { handler_id: `run-${n}`, workflow_name: "Quiz", status: "completed", started_at: at, updated_at: at, completed_at: at };
};
const ids = (runs: HandlerRecord[]) => runs.map((r) => r.handler_id);

describe("the run list's page", () => {
  it("from a server that does not page: every run counted, sorted newest first, and sliced", () => {
    const all = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, n) => run(n));
    const first = runPageOf({ handlers: [...all] }, 0);
    expect(first).toMatchObject({ total: all.length, hasNext: true });
    expect(first.nextCursor).toBeUndefined();
    expect(ids(first.runs)).toEqual(ids(all.slice(-PAGE_SIZE).reverse()));
    const last = runPageOf({ handlers: [...all] }, 2);
    expect(last).toMatchObject({ hasNext: false });
    expect(ids(last.runs)).toEqual(["run-2", "run-1", "run-0"]);
  });

  it("from a server that pages: its page as given (newest first), its cursor, no count", () => {
    const page = runPageOf({ handlers: [run(7), run(9), run(8)], next_cursor: "c-7" }, 0);
    expect(page).toEqual({ runs: [run(9), run(8), run(7)], nextCursor: "c-7", hasNext: true });
    expect(runPageOf({ handlers: [run(1)], next_cursor: null }, 3)).toEqual({ runs: [run(1)], nextCursor: undefined, hasNext: false });
  });
});
