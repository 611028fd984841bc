import { describe, expect, it } from "vitest";
import { defineEvent, InProcessRuntime, ManualClock, MemoryJournal, StartEvent, StopEvent, Workflow } from "../src/index.js";
import { z } from "zod";

/** A manual clock that counts how often the engine reads it. */
class CountingClock extends ManualClock {
  reads = 0;
  override now(): number {
    this.reads++;
    return super.now();
  }
}

const Hop = defineEvent("Hop", { n: z.number() });

/** `steps` step executions in a row (a start, then a step that loops), each step with `options`. */
function chain(steps: number, options: { timeout?: number; retry?: { maxAttempts: number } } = {}) {
  return new Workflow({ name: "Chain", timeout: null })
    .step("start", { accepts: [StartEvent], returns: [Hop], ...options }, () => new Hop({ n: 1 }))
    .step("loop", { accepts: [Hop], returns: [Hop, StopEvent], ...options }, (ev) =>
      ev.n < steps - 1 ? new Hop({ n: ev.n + 1 }) : new StopEvent({ result: ev.n }),
   );
}

async function clockReads(wf: ReturnType<typeof chain>, journal = false): Promise<number> {
  const clock = new CountingClock();
  const runtime = new InProcessRuntime(journal ? { clock, journal: () => new MemoryJournal() } : { clock });
  expect(await wf.run(undefined, { runtime })).toBeGreaterThan(0);
  return clock.reads;
}

describe("a step's start reads the clock only when something uses the time", () => {
  it("steps that cannot time out, be retried or be recovered start without reading it", async () => {
    const short = await clockReads(chain(3));
    const long = await clockReads(chain(8));
    expect(long).toBe(short);
  });

  it("a step timeout, a retry policy or a journal makes every start read it", async () => {
    const plain = await clockReads(chain(8));
    for (const [what, reads] of [
      ["timeout", await clockReads(chain(8, { timeout: 60 }))],
      ["retry", await clockReads(chain(8, { retry: { maxAttempts: 2 } }))],
      ["journal", await clockReads(chain(8) as never, true)],
    ] as const) {
      expect(reads, what).toBeGreaterThanOrEqual(plain + 7);
    }
  });

  it("ctx.retryInfo.elapsed counts from the start of a step that can time out", async () => {
    const clock = new ManualClock(1_000);
    let elapsed = -1;
    const wf = new Workflow({ name: "Slow", timeout: null }).step("slow", { accepts: [StartEvent], returns: [StopEvent], timeout: 60 }, async (_ev, ctx) => {
      await new Promise<void>((resolve) => clock.setTimer(resolve, 1_500));
      elapsed = ctx.retryInfo.elapsed;
      return new StopEvent({ result: "done" });
    });
    const outcome = wf.run(undefined, { runtime: new InProcessRuntime({ clock }) });
    await clock.advance(2_000);
    expect(await outcome).toBe("done");
    expect(elapsed).toBe(1.5);
  });
});
