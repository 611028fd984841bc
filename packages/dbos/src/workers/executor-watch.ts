import type pg from "pg";
import { DB_NOW_MS } from "../store/schema.js";

export interface ExecutorWatchOptions {
  /** How often this worker says it is alive (ms). */
  beatMs: number;
  /** Silence after which a worker counts as dead and its runs are handed to the living (ms). */
  deadAfterMs: number;
  /** Hands a dead executor's unfinished runs back to their queues; throws to try again on the next beat. */
  recover(executorId: string): Promise<void>;
  onError(error: unknown): void;
}

/**
 * DBOS recovers a process's unfinished workflows only when a process with the same executor id launches again. So
 * every worker writes a heartbeat row, and on each beat looks for one dead worker (silent for `deadAfterMs`), claims
 * its row (`FOR UPDATE SKIP LOCKED`: one living worker recovers it, the others skip it), hands its PENDING workflows
 * back to their queues, and deletes the row in the same transaction; a recovery that fails rolls back and is retried.
 */
export class ExecutorWatch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> = Promise.resolve();
  private watching = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly executorId: string,
    private readonly options: ExecutorWatchOptions,
  ) {}

  /**
   * Beats, then keeps beating. Called before DBOS launches: a worker restarted with its executor id must be alive
   * before DBOS recovers its runs at launch, and stay alive while the launch takes (seconds, on a loaded machine), or
   * a living worker would take it for dead and hand the same runs back to the queue while they run here. (The first
   * beat waits for such a recovery to commit, if one holds the row.)
   */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.running = this.running.then(() => (this.watching ? this.tick() : this.beat())).catch(this.options.onError);
    }, this.options.beatMs);
    this.timer.unref();
  }

  /** From now on each beat also looks for a dead worker to recover (DBOS must be launched). */
  watchOthers(): void {
    this.watching = true;
  }

  /** Stops beating. `dead`: mark this worker dead now, so the living take its runs at their next beat. */
  async stop(dead: boolean): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (dead) await this.pool.query("UPDATE weft_dbos_executors SET beat_at = 0 WHERE executor_id = $1", [this.executorId]);
  }

  /** Says this worker is alive. */
  async beat(): Promise<void> {
    await this.pool.query(
      `INSERT INTO weft_dbos_executors (executor_id, beat_at) VALUES ($1, ${DB_NOW_MS})
       ON CONFLICT (executor_id) DO UPDATE SET beat_at = EXCLUDED.beat_at`,
      [this.executorId],
    );
  }

  /** One beat, then at most one dead worker recovered. */
  async tick(): Promise<void> {
    await this.beat();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ executor_id: string }>(
        `SELECT executor_id FROM weft_dbos_executors WHERE executor_id <> $1 AND beat_at < ${DB_NOW_MS} - $2
         ORDER BY beat_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.executorId, this.options.deadAfterMs],
      );
      const dead = rows[0]?.executor_id;
      if (dead !== undefined) {
        await this.options.recover(dead);
        await client.query("DELETE FROM weft_dbos_executors WHERE executor_id = $1", [dead]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
