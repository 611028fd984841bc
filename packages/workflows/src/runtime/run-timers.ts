import type { PendingTimer } from "./run-state.js";
import type { Clock, TimerHandle } from "./runtime.js";

/** Who is told when an armed timer falls due (the run's executor). */
export interface TimerTarget {
  fire(timer: PendingTimer): void;
}

/**
 * The clock's side of the timers the reducer scheduled for one run: armed for their due time, by timer id. Most runs
 * arm one timer (their timeout) and clear it when they end, so the first is kept in fields and a map is made only for
 * a second one that is armed at the same time.
 */
export class RunTimers {
  private firstId = -1;
  private firstHandle: TimerHandle = undefined;
  private more: Map<number, TimerHandle> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly target: TimerTarget,
  ) {}

  /** Arms `timer` for its absolute due time: at once when that has passed (a rebuilt run's timer that fell due while it was down). */
  arm(timer: PendingTimer): void {
    const handle = this.clock.setTimer(() => {
      this.forget(timer.id);
      this.target.fire(timer);
    }, Math.max(0, timer.dueAt - this.clock.now()));
    if (this.firstId < 0) {
      this.firstId = timer.id;
      this.firstHandle = handle;
    } else (this.more ??= new Map()).set(timer.id, handle);
  }

  disarm(timerId: number): void {
    const handle = timerId === this.firstId ? this.firstHandle : this.more?.get(timerId);
    if (handle === undefined) return;
    this.clock.clearTimer(handle);
    this.forget(timerId);
  }

  clear(): void {
    if (this.firstId >= 0) this.clock.clearTimer(this.firstHandle);
    this.forget(this.firstId);
    if (this.more === null) return;
    for (const handle of this.more.values()) this.clock.clearTimer(handle);
    this.more.clear();
  }

  private forget(timerId: number): void {
    if (timerId === this.firstId) {
      this.firstId = -1;
      this.firstHandle = undefined;
    } else this.more?.delete(timerId);
  }
}
