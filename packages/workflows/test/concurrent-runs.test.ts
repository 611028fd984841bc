import { describe, expect, it } from "vitest";
import { StartEvent, StopEvent, Workflow, WorkflowCancelledError } from "../src/index.js";

/** A workflow whose runs each wait for their own gate, counting how many are inside a step at once. */
function gatedFlow(numConcurrentRuns: number) {
  const gates: Array<() => void> = [];
  let inside = 0;
  let most = 0;
  const wf = new Workflow({ name: "Limited", timeout: null, numConcurrentRuns }).step(
    "s",
    { accepts: [StartEvent], returns: [StopEvent] },
    async (ev) => {
      most = Math.max(most, ++inside);
      await new Promise<void>((resolve) => gates.push(resolve));
      inside--;
      return new StopEvent({ result: ev.n });
    },
  );
  return { wf, gates, most: () => most };
}

const turn = () => new Promise((r) => setTimeout(r, 0));

describe("numConcurrentRuns", () => {
  it("lets that many runs go on at once; the others wait their turn, in order", async () => {
    const { wf, gates, most } = gatedFlow(2);
    const handlers = [1, 2, 3, 4, 5].map((n) => wf.run({ n }));
    await turn();
    expect(gates).toHaveLength(2);
    while (gates.length > 0) {
      gates.shift()!();
      await turn();
    }
    expect(await Promise.all(handlers)).toEqual([1, 2, 3, 4, 5]);
    expect(most()).toBe(2);
  });

  it("a waiting run that is cancelled ends at once and gives its turn to the next", async () => {
    const { wf, gates } = gatedFlow(1);
    const first = wf.run({ n: 1 });
    const second = wf.run({ n: 2 });
    const third = wf.run({ n: 3 });
    second.cancel();
    await expect(second).rejects.toBeInstanceOf(WorkflowCancelledError);
    await turn();
    gates.shift()!();
    await turn();
    expect(gates).toHaveLength(1);
    gates.shift()!();
    expect([await first, await third]).toEqual([1, 3]);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new Workflow({ name: "Bad", numConcurrentRuns: 0 })).toThrow('Workflow "Bad": numConcurrentRuns must be an integer >= 1 (got 0)');
  });
});
