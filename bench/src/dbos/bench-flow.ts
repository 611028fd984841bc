import { z } from "zod";
import { defineEvent, defineStartEvent, StopEvent, Workflow } from "@weft/workflows";

const Go = defineStartEvent("BenchGo", { stepMs: z.number() });
const Step = defineEvent("BenchStep", { n: z.number(), stepMs: z.number() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Five steps in a row, each awaiting `stepMs` (as an LLM call would) or nothing when 0; the result is 5. */
export const benchFlow = new Workflow({ name: "DurableBench", timeout: null })
  .step("first", { accepts: [Go], returns: [Step] }, async (ev) => {
    if (ev.stepMs > 0) await sleep(ev.stepMs);
    return new Step({ n: 1, stepMs: ev.stepMs });
  })
  .step("next", { accepts: [Step], returns: [Step, StopEvent] }, async (ev) => {
    if (ev.stepMs > 0) await sleep(ev.stepMs);
    return ev.n === 4 ? new StopEvent({ result: ev.n + 1 }) : new Step({ n: ev.n + 1, stepMs: ev.stepMs });
  });
