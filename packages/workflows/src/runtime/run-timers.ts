import type { PendingTimer } from "./run-state.js";
import type { Clock, TimerHandle } from "./runtime.js";
import { fireOrder } from "./timer-order.js";

/** Who is told when an armed timer falls due (the run's executor). */
export interface TimerTarget {
  fire(timer: PendingTimer): void;
}

interface Armed {
  readonly timer: PendingTimer;
  readonly handle: TimerHandle;
}

/**
 * The clock's side of the timers the reducer scheduled for one run: armed for their due time, by timer id. Most runs
 * arm one timer (their timeout) and clear it when they end, so the first is kept in fields and a map is made only for
 * a second one that is armed at the same time.
 *
 * Timers due at the same instant fire in `fireOrder`, not in the order the clock calls them back (the order they were
 * armed, which a rebuild can change).
 */
export class RunTimers {
  private first: PendingTimer | null = null;
  private firstHandle: TimerHandle = undefined;
  private more: Map<number, Armed> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly target: TimerTarget,
  ) {}

  /** Arms `timer` for its absolute due time: at once when that has passed (a rebuilt run's timer that fell due while it was down). */
  arm(timer: PendingTimer): void {
    const handle = this.setTimer(timer);
    if (this.first === null) {
      this.first = timer;
      this.firstHandle = handle;
    } else (this.more ??= new Map()).set(timer.id, { timer, handle });
  }

  disarm(timerId: number): void {
    if (timerId === this.first?.id) this.clock.clearTimer(this.firstHandle);
    else {
      const armed = this.more?.get(timerId);
      if (armed === undefined) return;
      this.clock.clearTimer(armed.handle);
    }
    this.forget(timerId);
  }

  clear(): void {
    if (this.first !== null) this.clock.clearTimer(this.firstHandle);
    this.first = null;
    this.firstHandle = undefined;
    if (this.more === null) return;
    for (const armed of this.more.values()) this.clock.clearTimer(armed.handle);
    this.more.clear();
  }

  private setTimer(timer: PendingTimer): TimerHandle {
    return this.clock.setTimer(() => this.due(timer), Math.max(0, timer.dueAt - this.clock.now()));
  }

  /**
   * The clock called `timer` back. One timer fires per callback, as each would on its own, so what one firing sets
   * off settles before the next fires; but it is the first in fire order of those armed and due by then. When that
   * is another one, `timer` takes a fresh callback (due at once) and the other's is cleared.
   */
  private due(timer: PendingTimer): void {
    if (timer !== this.first && this.more?.get(timer.id)?.timer !== timer) return;
    let next = timer;
    if (this.more !== null && this.more.size > 0) {
      if (this.first !== null && this.first.dueAt <= timer.dueAt && fireOrder(this.first, next) < 0) next = this.first;
      for (const armed of this.more.values()) if (armed.timer.dueAt <= timer.dueAt && fireOrder(armed.timer, next) < 0) next = armed.timer;
    }
    if (next !== timer) {
      const handle = this.setTimer(timer);
      if (timer === this.first) this.firstHandle = handle;
      else this.more!.set(timer.id, { timer, handle });
      this.clock.clearTimer(next === this.first ? this.firstHandle : this.more!.get(next.id)!.handle);
    }
    this.forget(next.id);
    this.target.fire(next);
  }

  private forget(timerId: number): void {
    if (timerId === this.first?.id) {
      this.first = null;
      this.firstHandle = undefined;
    } else this.more?.delete(timerId);
  }
}
