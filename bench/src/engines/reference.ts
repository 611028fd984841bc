import { createWorkflow, workflowEvent, type Workflow, type WorkflowEvent, type WorkflowEventData } from "@llamaindex/workflow-core";
import { CHAIN_STEPS, type Engine } from "./engine.js";

/**
 * The reference engine, @llamaindex/workflow-core, written the way its README writes workflows: `workflowEvent`s,
 * `workflow.handle([...], async (context, ev) => …)`, and a run is `createContext()`, `sendEvent(start)` and reading
 * the context's stream until the stop event (`stream.untilEvent(stop)`).
 */

async function runToStop(wf: Workflow, start: WorkflowEventData<unknown>, stop: WorkflowEvent<number>): Promise<number> {
  const { stream, sendEvent } = wf.createContext();
  sendEvent(start);
  const last = await stream.untilEvent(stop);
  return last.data as number;
}

function chainWorkflow(): { wf: Workflow; start: WorkflowEvent<number>; stop: WorkflowEvent<number> } {
  const events = Array.from({ length: CHAIN_STEPS + 1 }, (_, i) => workflowEvent<number>({ debugLabel: `chain${i}` }));
  const wf = createWorkflow();
  for (let i = 0; i < CHAIN_STEPS; i++) {
    const next = events[i + 1];
    wf.handle([events[i]], async (_context, ev) => next.with(ev.data + 1));
  }
  return { wf, start: events[0], stop: events[CHAIN_STEPS] };
}

const fanStart = workflowEvent<number>({ debugLabel: "fanStart" });
const work = workflowEvent<number>({ debugLabel: "work" });
const done = workflowEvent<number>({ debugLabel: "done" });
const fanStop = workflowEvent<number>({ debugLabel: "fanStop" });

/**
 * Fan-out in the reference's idiom (its README's "Fan-out" section): the start handler sends `n` events and collects
 * the `n` results from its own context stream with the stream helpers `filter(done).take(n).toArray()` — the
 * reference has no `collectEvents`; this is its collect helper.
 */
function fanOutWorkflow(n: number): Workflow {
  const wf = createWorkflow();
  wf.handle([fanStart], async (context) => {
    const { sendEvent, stream } = context;
    const results = stream.filter(done).take(n).toArray();
    for (let i = 0; i < n; i++) sendEvent(work.with(i));
    let sum = 0;
    for (const ev of await results) sum += ev.data as number;
    return fanStop.with(sum);
  });
  wf.handle([work], async (_context, ev) => done.with(ev.data * 2));
  return wf;
}

const threeStart = workflowEvent<number>({ debugLabel: "threeStart" });
const mid = workflowEvent<number>({ debugLabel: "mid" });
const last = workflowEvent<number>({ debugLabel: "last" });
const threeStop = workflowEvent<number>({ debugLabel: "threeStop" });

function threeStepWorkflow(pause?: () => Promise<void>): Workflow {
  const wf = createWorkflow();
  wf.handle([threeStart], async () => mid.with(1));
  wf.handle([mid], async (_context, ev) => {
    if (pause) await pause();
    return last.with(ev.data + 1);
  });
  wf.handle([last], async (_context, ev) => threeStop.with(ev.data + 1));
  return wf;
}

async function runAll(wf: Workflow, runs: number): Promise<number> {
  const pending: Promise<number>[] = new Array(runs);
  for (let r = 0; r < runs; r++) pending[r] = runToStop(wf, threeStart.with(0), threeStop);
  return (await Promise.all(pending)).reduce((a, b) => a + b, 0);
}

export function referenceEngine(): Engine {
  const chain = chainWorkflow();
  const fanOuts = new Map<number, Workflow>();
  const three = threeStepWorkflow();
  return {
    name: "reference",
    async chain(runs) {
      let sum = 0;
      for (let r = 0; r < runs; r++) sum += await runToStop(chain.wf, chain.start.with(0), chain.stop);
      return sum;
    },
    async fanOut(n) {
      let wf = fanOuts.get(n);
      if (!wf) fanOuts.set(n, (wf = fanOutWorkflow(n)));
      return runToStop(wf, fanStart.with(0), fanStop);
    },
    concurrent: (runs) => runAll(three, runs),
    hold: (runs, gate, arrived) =>
      runAll(
        threeStepWorkflow(() => {
          arrived();
          return gate;
        }),
        runs,
      ),
  };
}
