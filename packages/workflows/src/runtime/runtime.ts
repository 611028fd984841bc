import type { JournalRecord } from "./records.js";

/** An armed timer, as a clock hands it out; only the clock that made it reads it. */
export type TimerHandle = unknown;

/** Time as a run sees it: every timeout, retry delay and timestamp of a run comes from its runtime's clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/**
 * Where one run's records go. `append` is called once per record, in the order they happened. A record is the
 * journal's to keep and never changes afterwards; records may share objects (an event's JSON), so read them only.
 */
export interface Journal {
  append(record: JournalRecord): void;
  /**
   * For a journal that stores records asynchronously: settles once every record appended so far is stored, or
   * undefined when they all are. The run waits for it before each step starts, so a step never begins while what
   * came before it could still be lost, and a crash repeats at most the steps that were in flight.
   */
  settled?(): PromiseLike<unknown> | undefined;
}

/** What a runtime is told of a run that begins (fresh or resumed). */
export interface RunIdentity {
  /** A getter: a fresh run makes its id when it is first read (read it, rather than spreading the object). */
  readonly runId: string;
  readonly workflowName: string;
}

/**
 * Where runs execute and are recorded: `run(input, { runtime })`. The default, `inProcessRuntime`, runs in this
 * process on real timers and records nothing. A runtime that keeps runs beyond a process (a server's store, DBOS)
 * returns a journal for each run and may supply its own clock.
 */
export interface Runtime {
  readonly clock: Clock;
  /** The journal of a run that begins, or undefined to record nothing (then recording costs nothing). */
  journalFor(run: RunIdentity): Journal | undefined;
}

/** The process's own clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface InProcessRuntimeOptions {
  /** Default: the system clock. A `ManualClock` makes time a test's to move. */
  clock?: Clock;
  /** A journal per run; default none. */
  journal?: (run: RunIdentity) => Journal | undefined;
}

/** Runs in this process. With no options it is the default runtime: real time, no journal. */
export class InProcessRuntime implements Runtime {
  readonly clock: Clock;
  private readonly journals: ((run: RunIdentity) => Journal | undefined) | undefined;

  constructor(options: InProcessRuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.journals = options.journal;
  }

  journalFor(run: RunIdentity): Journal | undefined {
    return this.journals?.(run);
  }
}

/** The default runtime of every run. */
export const inProcessRuntime: Runtime = new InProcessRuntime();
