import type { AnyEventClass, Event, EventJSON } from "../events/event.js";
import { defaultRegistry, type EventRegistry } from "../events/event-registry.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import { WorkflowRuntimeError } from "../errors/errors.js";
import type { Tick } from "./control-loop.js";
import type { JournalRecord, RecordBase } from "./records.js";
import type { Execution } from "./run-state.js";

/** What replay needs of the run it rebuilds. */
export interface ReplayTarget {
  readonly registry: EventRegistry;
  /**
   * Feeds a recorded tick to the reducer, with the record it comes from; the executor holds the commands it gives back
   * instead of acting on them (a retry's delay counts from that record's time).
   */
  dispatch(tick: Tick, record: RecordBase): void;
  /** Executions the reducer started during replay and the journal has not finished, by `step|eventId|attempt`. */
  readonly held: Map<string, Execution>;
  /** Puts a recorded stream entry back, with its sequence number. */
  restoreStreamEntry(event: Event): void;
  /** A recorded answer to a wait, for the step that re-runs and asks again. */
  restoreAnswer(waiterId: string, event: Event): void;
  /** An attempt the journal saw start: if it does not finish, its step timeout counts from this record's time. */
  restoreStart(exec: Execution, record: RecordBase): void;
  /** A wait of an attempt in progress that times out at `deadline` (ms), however late the re-run step asks again. */
  restoreWaitDeadline(waiterId: string, deadline: number): void;
  /** The attempt ended: the deadlines of its waits are not its retry's. */
  forgetWaitDeadlines(exec: Execution): void;
  /** A wait whose question (its `waiterEvent`) is in the stream already: the step that re-runs does not ask again. */
  restoreAsked(waiterId: string): void;
  /** The store and state a step's completion left. */
  restoreStore(store: Record<string, unknown>, state: unknown): void;
  /** Applies a completed step's `collectEvents` call again. */
  replayCollect(step: string, event: Event, expected: AnyEventClass[]): void;
}

export function heldKey(step: string, eventId: string, attempt: number): string {
  return `${step}|${eventId}|${attempt}`;
}

/**
 * Rebuilds a run's state from its journal by feeding the recorded ticks, with their recorded outcomes, back to the
 * reducer: no step handler runs, no decision is taken again. What is left in `held` afterwards are the executions the
 * journal saw start but not finish; the caller runs them.
 */
export function replay(target: ReplayTarget, records: readonly JournalRecord[]): Map<string, Execution> {
  const events = new Map<string, Event>();
  const executions = new Map<string, Execution>();
  const revive = (json: EventJSON): Event => {
    let event = events.get(json.id);
    if (event) return event;
    // An event sent from outside that only a wait takes, and a stream entry, may be of a class the workflow does not
    // declare (neither `sendEvent` nor `writeEventToStream` asks that it be): one the workflow does not know is looked
    // up among every event class of this process, as the run that recorded it did not need it to be declared either.
    const registry = target.registry.get(json.type) ? target.registry : defaultRegistry;
    events.set(json.id, (event = registry.fromJSON(json)));
    return event;
  };
  const execution = (id: string, seq: number): Execution => {
    const exec = executions.get(id);
    if (!exec) throw new WorkflowRuntimeError(`Journal record ${seq} names step execution ${id}, which no earlier step.started record began`);
    return exec;
  };
  let input: EventJSON | undefined;
  // A wait's question is written to the stream right after its wait.begun record, in the same synchronous call: a
  // stream.written record right after a wait.begun is that question (a wait without one has nothing to ask again).
  let begun: string | undefined;
  for (const r of records) {
    const asking = begun;
    begun = undefined;
    switch (r.type) {
      case "run.started":
        input = r.input;
        break;
      case "event.added":
        if (r.event.id === input?.id) input = undefined;
        target.dispatch({ kind: "event", event: revive(r.event), target: r.target }, r);
        break;
      case "step.started": {
        const key = heldKey(r.step, r.eventId, r.attempt);
        const exec = target.held.get(key);
        if (!exec) throw new WorkflowRuntimeError(`Journal record ${r.seq}: step "${r.step}" started on an event the rebuilt run never gave it (it does not fit this workflow)`);
        executions.set(r.executionId, exec);
        // a retry's maxElapsed and a recovering step's elapsed count from the first attempt's start
        if (exec.firstStartedAt < 0) exec.firstStartedAt = r.at;
        target.restoreStart(exec, r);
        break;
      }
      case "step.completed": {
        const exec = execution(r.executionId, r.seq);
        target.held.delete(heldKey(exec.slot.def.name, exec.event.eventId, exec.attempt));
        if (r.store) target.restoreStore(r.store.store, r.store.state);
        for (const op of r.collected ?? []) {
          const classes = op.expected.map((name) => {
            const cls = target.registry.get(name);
            if (!cls) throw new WorkflowRuntimeError(`Journal record ${r.seq}: collectEvents asked for event type "${name}", which this workflow does not use`);
            return cls;
          });
          target.replayCollect(exec.slot.def.name, revive(op.event), classes);
        }
        const returned = r.returned.map(revive);
        target.forgetWaitDeadlines(exec);
        target.dispatch({ kind: "stepDone", exec, result: returned.length === 0 ? undefined : returned.length === 1 ? returned[0] : returned }, r);
        break;
      }
      case "step.failed": {
        const exec = execution(r.executionId, r.seq);
        target.held.delete(heldKey(exec.slot.def.name, exec.event.eventId, exec.attempt));
        const error = Object.assign(new Error(r.error.message), { name: r.error.name });
        const recover = r.recovered
          ? new StepFailedEvent({ stepName: exec.slot.def.name, error, message: r.error.message, attempts: exec.attempt, elapsed: 0 })
          : undefined;
        target.forgetWaitDeadlines(exec);
        target.dispatch({ kind: "stepFailed", exec, error, retry: r.retry, recover }, r);
        break;
      }
      case "wait.begun":
        begun = r.waiterId;
        if (r.timeoutMs !== undefined) target.restoreWaitDeadline(r.waiterId, r.at + r.timeoutMs);
        break;
      case "stream.written":
        if (asking !== undefined) target.restoreAsked(asking);
        target.restoreStreamEntry(revive(r.event));
        break;
      case "wait.answered": {
        const answer = events.get(r.eventId);
        if (answer) target.restoreAnswer(r.waiterId, answer);
        break;
      }
      case "run.timedOut":
        target.dispatch({ kind: "timeout", seconds: r.seconds }, r);
        break;
      case "run.cancelled":
        target.dispatch({ kind: "cancel", reason: r.reason }, r);
        break;
      case "run.faulted":
        target.dispatch({ kind: "fault", error: Object.assign(new Error(r.error.message), { name: r.error.name }) }, r);
        break;
      default:
        // wait.timedOut and run.ended change nothing a replay does not change by itself
        break;
    }
  }
  // cut right after run.started: the start event was never added
  if (input) target.dispatch({ kind: "event", event: revive(input) }, records[0]);
  return executions;
}
