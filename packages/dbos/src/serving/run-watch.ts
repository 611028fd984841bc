import type pg from "pg";

/** A wake-up armed before a reader looks at a run, so a change between its look and its wait is not missed. */
export interface RunAlarm {
  /** Resolves true when the run changed (or may have), false when `ms` passed first or the alarm was disarmed. */
  readonly woken: Promise<boolean>;
  disarm(): void;
}

/**
 * Wakes the readers of runs (event streams, `POST /run` waiting for the end) when a run changed in PostgreSQL, by any
 * process: one query every `pollMs` for all the runs someone waits on here, however many readers each has. It
 * compares each run's DBOS status, its last journal record and its mailbox with the previous poll, so a reader
 * re-reads only after a change (a spurious wake-up costs one read, never an entry).
 *
 * Polling, not LISTEN/NOTIFY: a notification needs a trigger on every journal write of every worker, paid even when
 * no one reads, and a dedicated connection that loses notifications while it reconnects (so a poll would be needed
 * anyway); the delay a poll adds is the one the mailbox has already.
 */
export class RunWatch {
  private readonly sleepers = new Map<string, Set<(changed: boolean) => void>>();
  /** What each watched run looked like at the last poll. */
  private readonly seen = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Arm first, then read the run, then await `woken`. */
  arm(handlerId: string, ms: number, signal?: AbortSignal): RunAlarm {
    let wake!: (changed: boolean) => void;
    const woken = new Promise<boolean>((resolve) => {
      let set = this.sleepers.get(handlerId);
      if (!set) this.sleepers.set(handlerId, (set = new Set()));
      const onAbort = () => wake(false);
      wake = (changed) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const current = this.sleepers.get(handlerId);
        current?.delete(wake);
        if (current?.size === 0) this.sleepers.delete(handlerId);
        resolve(changed);
      };
      const timer = setTimeout(() => wake(false), ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      set.add(wake);
    });
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref?.();
    return { woken, disarm: () => wake(false) };
  }

  /** A change this process made (an event sent, a cancel): its readers look now, not at the next poll. */
  notify(handlerId: string): void {
    const set = this.sleepers.get(handlerId);
    if (set) for (const wake of [...set]) wake(true);
  }

  /** Wakes every reader and stops polling (the server is closing). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const id of [...this.sleepers.keys()]) this.notify(id);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    const ids = [...this.sleepers.keys()];
    for (const id of this.seen.keys()) if (!this.sleepers.has(id)) this.seen.delete(id);
    if (ids.length === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.polling = true;
    try {
      const { rows } = await this.pool.query<{ id: string; state: string }>(
        `SELECT w.workflow_uuid AS id,
           concat_ws('|', w.status, w.updated_at,
             (SELECT max(seq) FROM weft_dbos_journal j WHERE j.handler_id = w.workflow_uuid),
             (SELECT count(*) FROM weft_dbos_inbox i WHERE i.handler_id = w.workflow_uuid)) AS state
         FROM dbos.workflow_status w WHERE w.workflow_uuid = ANY($1)`,
        [ids],
      );
      const states = new Map(rows.map((r) => [r.id, r.state]));
      for (const id of ids) {
        const state = states.get(id) ?? "gone";
        // a run first seen wakes its readers too: it may have changed between their read and this poll
        if (this.seen.get(id) === state) continue;
        this.seen.set(id, state);
        this.notify(id);
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.polling = false;
    }
  }
}
