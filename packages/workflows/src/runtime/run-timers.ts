import type { PendingTimer } from "./run-state.js";
import type { Clock, TimerHandle } from "./runtime.js";

/** The clock's side of the timers the reducer scheduled for one run: armed for their due time, by timer id. */
export class RunTimers {
  private readonly handles = new Map<number, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    /** Called when an armed timer falls due (not for one disarmed or cleared before). */
    private readonly fire: (timer: PendingTimer) => void,
  ) {}

  /** Arms `timer` for its absolute due time: at once when that has passed (a rebuilt run's timer that fell due while it was down). */
  arm(timer: PendingTimer): void {
    const handle = this.clock.setTimer(() => {
      this.handles.delete(timer.id);
      this.fire(timer);
    }, Math.max(0, timer.dueAt - this.clock.now()));
    this.handles.set(timer.id, handle);
  }

  disarm(timerId: number): void {
    const handle = this.handles.get(timerId);
    if (handle === undefined) return;
    this.clock.clearTimer(handle);
    this.handles.delete(timerId);
  }

  clear(): void {
    for (const handle of this.handles.values()) this.clock.clearTimer(handle);
    this.handles.clear();
  }
}
