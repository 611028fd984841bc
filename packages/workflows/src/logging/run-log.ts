import type { Event } from "../events/event.js";
import { StopEvent } from "../events/builtin-events.js";
import type { Tick } from "../runtime/reducer.js";
import { watchTick, type RunEnding, type RunObserver, type TickWatcher } from "../runtime/run-observer.js";
import type { Execution, RunState } from "../runtime/run-state.js";
import type { RunTracer } from "../tracing/run-tracer.js";
import type { Logger } from "./logger.js";

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Step starts, ends and emitted events of one run: as readable lines when `verbose`, as structured records (with
 * `trace_id`/`span_id` when tracing) for a pino `logger`. Created only when one of them is on.
 */
export class RunLog implements RunObserver, TickWatcher {
  private readonly started = new Map<Execution, number>();

  constructor(
    private readonly workflowName: string,
    private readonly runId: string,
    private readonly verbose: boolean,
    private readonly logger: Logger | undefined,
    private readonly tracer: RunTracer | null,
    /** Told when the logger throws: a broken logger fails the run instead of escaping from the engine. */
    private readonly fault: (error: unknown) => void,
  ) {}

  private record(exec: Execution | null, fields: Record<string, unknown>, msg: string, level: "info" | "error" = "info"): void {
    if (!this.logger) return;
    const base: Record<string, unknown> = { workflow: this.workflowName, runId: this.runId, ...fields };
    if (this.tracer) Object.assign(base, this.tracer.ids(exec));
    try {
      this.logger[level](base, msg);
    } catch (thrown) {
      this.fault(thrown);
    }
  }

  private print(line: string): void {
    if (this.verbose) console.log(`[${this.workflowName}] ${line}`);
  }

  ticked(tick: Tick, state: RunState): void {
    watchTick(tick, state, this);
  }

  returned(exec: Execution, event: Event): void {
    // the stop event is the run's end, logged as that
    if (!(event instanceof StopEvent)) this.eventEmitted(exec, event, "returned");
  }

  sent(from: Execution | null, event: Event): void {
    this.eventEmitted(from, event, "sent");
  }

  input(): void {}

  published(event: Event, from: Execution | null): void {
    this.eventEmitted(from, event, "stream");
  }

  ended(ending: RunEnding, state: RunState): void {
    this.runEnded(state.status, ending.kind === "fail" ? ending.error : undefined);
  }

  runStarted(resumed: boolean): void {
    this.print(resumed ? `resumed run ${this.runId}` : `started run ${this.runId}`);
    this.record(null, { resumed }, resumed ? "run resumed" : "run started");
  }

  stepStarted(exec: Execution): void {
    this.started.set(exec, performance.now());
    const step = exec.slot.def.name;
    const retry = exec.attempt > 1 ? ` (attempt ${exec.attempt})` : "";
    this.print(`▶ ${step} ← ${exec.event.eventName}${retry}`);
    this.record(exec, { step, event: exec.event.eventName, attempt: exec.attempt, worker: exec.worker }, "step started");
  }

  stepDone(exec: Execution, result: unknown): void {
    const ms = this.elapsedMs(exec);
    const step = exec.slot.def.name;
    const produced = (result as Event | undefined)?.eventName;
    this.print(`✓ ${step} → ${produced ?? "nothing"} (${ms}ms)`);
    this.record(exec, { step, attempt: exec.attempt, durationMs: ms, produced: produced ?? null }, "step finished");
  }

  stepFailed(exec: Execution, error: unknown, willRetry: boolean): void {
    const ms = this.elapsedMs(exec);
    const step = exec.slot.def.name;
    const then = willRetry ? ", will retry" : "";
    this.print(`✗ ${step} failed after ${ms}ms${then}: ${errorText(error)}`);
    this.record(exec, { step, attempt: exec.attempt, durationMs: ms, err: error, willRetry }, "step failed", "error");
  }

  /** Milliseconds since `exec` started, to a tenth; forgets its start. */
  private elapsedMs(exec: Execution): number {
    const ms = Math.round((performance.now() - (this.started.get(exec) ?? performance.now())) * 10) / 10;
    this.started.delete(exec);
    return ms;
  }

  private eventEmitted(exec: Execution | null, event: Event, kind: string): void {
    const from = exec ? exec.slot.def.name : "outside";
    this.print(`  ${from} ${kind} ${event.eventName}`);
    this.record(exec, { step: exec?.slot.def.name, event: event.eventName, eventId: event.eventId, kind }, "event emitted");
  }

  private runEnded(status: string, error?: unknown): void {
    this.print(error === undefined ? `run ${status}` : `run ${status}: ${errorText(error)}`);
    this.record(null, error === undefined ? { status } : { status, err: error }, `run ${status}`, status === "failed" ? "error" : "info");
  }

  /** Problems that must not fail the run (a resource that did not close). */
  warn(message: string, error: unknown): void {
    this.print(`warning: ${message}: ${errorText(error)}`);
    this.record(null, { err: error }, message, "error");
  }
}
