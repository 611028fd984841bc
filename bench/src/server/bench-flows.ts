import { z } from "zod";
import { defineEvent, HumanResponseEvent, InputRequiredEvent, StartEvent, StopEvent, Workflow } from "@weft/workflows";

const Second = defineEvent("Second", { n: z.number() });
const Third = defineEvent("Third", { n: z.number() });

/** The server benchmark's run: three trivial steps, so the numbers are the server's cost, not the steps'. */
export const threeStepFlow = new Workflow({ name: "ThreeSteps", timeout: 30 })
  .step("one", { accepts: [StartEvent], returns: [Second] }, (ev) => new Second({ n: Number(ev.n ?? 0) + 1 }))
  .step("two", { accepts: [Second], returns: [Third] }, (ev) => new Third({ n: ev.n + 1 }))
  .step("three", { accepts: [Third], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.n + 1 }));

export const Tick = defineEvent("Tick", { i: z.number(), t: z.number() });

/** Writes `ticks` stamped entries, `gapMs` apart, once a human says go: readers connect while it waits. */
export const broadcastFlow = new Workflow({ name: "Broadcast", timeout: null })
  .step("ready", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "go?" }))
  .step("emit", { accepts: [HumanResponseEvent], returns: [StopEvent] }, async (ev, ctx) => {
    const { ticks, gapMs } = JSON.parse(ev.response) as { ticks: number; gapMs: number };
    for (let i = 1; i <= ticks; i++) {
      await new Promise((r) => setTimeout(r, gapMs));
      ctx.writeEventToStream(new Tick({ i, t: performance.timeOrigin + performance.now() }));
    }
    return new StopEvent({ result: ticks });
  });

/** Waits for an answer that the memory benchmark never sends. */
export const waitingFlow = new Workflow({ name: "Waiting", timeout: null })
  .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
  .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.response }));
