import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StepFailedEvent, StopEvent, Workflow } from "../src/index.js";

const Job = defineEvent("RecoverJob", { n: z.number() });

class Boom extends Error {}

function recoveringFlow(name: string, maxRecoveries?: number) {
  const seen: StepFailedEvent[] = [];
  let calls = 0;
  const wf = new Workflow({ name, timeout: null })
    .step("start", { accepts: [StartEvent], returns: [Job] }, () => new Job({ n: 1 }))
    .step("work", { accepts: [Job], returns: [StopEvent], retry: { maxAttempts: 2 } }, (ev) => {
      calls++;
      if (ev.n < 3) throw new Boom(`job ${ev.n} failed (call ${calls})`);
      return new StopEvent({ result: `job ${ev.n} done` });
    })
    .step("recover", { accepts: [StepFailedEvent], returns: [Job], maxRecoveries }, (failure) => {
      seen.push(failure);
      return new Job({ n: seen.length + 1 });
    });
  return { wf, seen, calls: () => calls };
}

describe("StepFailedEvent: a step that recovers from another's failure", () => {
  it("gets the failed step, its error, attempts and elapsed time once retries are spent, and the run goes on", async () => {
    const { wf, seen, calls } = recoveringFlow("Recovers", 2);
    expect(await wf.run()).toBe("job 3 done");
    expect(seen.map((f) => [f.stepName, f.message, f.attempts])).toEqual([
      ["work", "job 1 failed (call 2)", 2],
      ["work", "job 2 failed (call 4)", 2],
    ]);
    expect(seen[0].error).toBeInstanceOf(Boom);
    expect(seen[0].elapsed).toBeGreaterThanOrEqual(0);
    expect(calls()).toBe(5);
  });

  it("fails the run with the step's error once maxRecoveries (default 1) are used up", async () => {
    const { wf, seen } = recoveringFlow("RecoversOnce");
    await expect(wf.run()).rejects.toThrow("job 2 failed (call 4)");
    expect(seen).toHaveLength(1);
  });

  it("a failure of the recovering step itself fails the run", async () => {
    const wf = new Workflow({ name: "RecoveryFails", timeout: null })
      .step("work", { accepts: [StartEvent], returns: [StopEvent] }, () => {
        throw new Error("first");
      })
      .step("recover", { accepts: [StepFailedEvent], returns: [StopEvent], maxRecoveries: 5 }, () => {
        throw new Error("recovery broke");
      });
    await expect(wf.run()).rejects.toThrow("recovery broke");
  });

  it("a workflow whose recovering step nobody returns an event for is valid", () => {
    const { wf } = recoveringFlow("ValidRecovery");
    expect(() => wf.validate()).not.toThrow();
  });
});
