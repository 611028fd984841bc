import { describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.js";
import type { Execution, PendingTimer, TimerKind } from "../src/runtime/run-state.js";
import { RunTimers, type TimerTarget } from "../src/runtime/run-timers.js";

// Timers due at the same instant fire in an order fixed by what they are for, never by the order they were armed: a
// rebuilt run re-runs steps from their beginning, so it can arm the same two timeouts the other way round.

/** A step attempt as far as a timer reads it. */
function attempt(step: string, eventId: string, n = 1): Execution {
  return { slot: { def: { name: step } }, event: { eventId }, attempt: n } as unknown as Execution;
}

let ids = 0;
function timer(kind: TimerKind, dueAt: number, of: { exec?: Execution; waiterId?: string } = {}): PendingTimer {
  return { id: ids++, kind, dueAt, delayMs: dueAt, ...of };
}

function recording(onFire: (t: PendingTimer) => void = () => undefined): TimerTarget & { fired: PendingTimer[] } {
  const fired: PendingTimer[] = [];
  return {
    fired,
    fire(t) {
      fired.push(t);
      onFire(t);
    },
  };
}

describe("RunTimers: timers due at the same instant", () => {
  it("fire by step, event id and attempt, whatever order they were armed in", async () => {
    const clock = new ManualClock();
    const target = recording();
    const timers = new RunTimers(clock, target);
    const late = timer("step", 310, { exec: attempt("work", "0192-b") });
    const early = timer("step", 310, { exec: attempt("work", "0192-a") });
    const retried = timer("step", 310, { exec: attempt("work", "0192-a", 2) });
    const otherStep = timer("step", 310, { exec: attempt("alpha", "0192-z") });
    for (const t of [late, retried, early, otherStep]) timers.arm(t);
    await clock.advance(310);
    expect(target.fired).toEqual([otherStep, early, retried, late]);
  });

  it("fire the run's timeout first, then step timeouts, then waits (by wait id), then retry delays", async () => {
    const clock = new ManualClock();
    const target = recording();
    const timers = new RunTimers(clock, target);
    const retry = timer("retry", 500, { exec: attempt("a", "e1", 1) });
    const waitB = timer("wait", 500, { waiterId: "s:e2:0" });
    const waitA = timer("wait", 500, { waiterId: "s:e1:0" });
    const step = timer("step", 500, { exec: attempt("z", "e9") });
    const run = timer("run", 500);
    for (const t of [retry, waitB, waitA, step, run]) timers.arm(t);
    await clock.advance(1000);
    expect(target.fired).toEqual([run, step, waitA, waitB, retry]);
  });

  it("an earlier due time still fires first, and a timer the one before it cancels does not fire", async () => {
    const clock = new ManualClock();
    const target = recording((t) => t === first && timers.disarm(cancelled.id));
    const timers = new RunTimers(clock, target);
    const later = timer("step", 200, { exec: attempt("a", "e1") });
    const cancelled = timer("step", 100, { exec: attempt("b", "e1") });
    const first = timer("step", 100, { exec: attempt("a", "e2") });
    for (const t of [later, cancelled, first]) timers.arm(t);
    await clock.advance(200);
    expect(target.fired).toEqual([first, later]);
    expect(clock.pending).toBe(0);
  });

  it("a timer armed while others fire, due at that same instant, fires after them on its own turn", async () => {
    const clock = new ManualClock();
    const again = timer("retry", 100, { exec: attempt("a", "e0", 2) });
    const b = timer("step", 100, { exec: attempt("b", "e1") });
    const a = timer("step", 100, { exec: attempt("a", "e1") });
    const target = recording((t) => t === a && timers.arm(again));
    const timers = new RunTimers(clock, target);
    timers.arm(b);
    timers.arm(a);
    await clock.advance(100);
    expect(target.fired).toEqual([a, b, again]);
  });

  it("fire one per callback of the clock, so what one firing sets off settles before the next fires", async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    const target = recording((t) => {
      seen.push(`fired ${t.exec!.event.eventId}`);
      void Promise.resolve().then(() => seen.push(`settled ${t.exec!.event.eventId}`));
    });
    const timers = new RunTimers(clock, target);
    timers.arm(timer("step", 100, { exec: attempt("a", "e2") }));
    timers.arm(timer("step", 100, { exec: attempt("a", "e1") }));
    await clock.advance(100);
    expect(seen).toEqual(["fired e1", "settled e1", "fired e2", "settled e2"]);
    expect(clock.pending).toBe(0);
  });
});
