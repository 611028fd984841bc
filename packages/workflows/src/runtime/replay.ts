import type { Event, EventJSON } from "../events/event.js";
import { defaultRegistry, type EventRegistry } from "../events/event-registry.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import { WorkflowRuntimeError } from "../errors/errors.js";
import type { Tick } from "./reducer.js";
import type { JournalRecord } from "./records.js";
import type { DurableCallRecord } from "../context/durable-calls.js";
import type { Execution, PendingTimer } from "./run-state.js";

/** What replay needs of the run it rebuilds. */
export interface ReplayTarget {
  readonly registry: EventRegistry;
  /** Feeds a recorded tick to the reducer; the executor holds the commands it gives back instead of acting on them. */
  dispatch(tick: Tick): void;
  /** Executions the reducer started during replay and the journal has not finished, by `step|eventId|attempt`. */
  readonly held: Map<string, Execution>;
  /** Whether the replay itself put this event on the stream already (an input-required event, the stop event). */
  streamed(event: Event): boolean;
  /** The store and state a step's completion left. */
  restoreStore(store: Record<string, unknown>, state: unknown): void;
  /** A durable call that a step execution completed, for that execution when it runs again. */
  restoreDurable(exec: Execution, call: DurableCallRecord): void;
  /** The timers the reducer has scheduled and that are still pending. */
  pendingTimers(): Iterable<PendingTimer>;
}

/**
 * The question a wait begun at `records[at]` wrote to the stream: in the same tick, so its record follows, after the
 * wait's timer if it has one. Undefined when the journal was cut before it: the re-run step writes it when it asks again.
 * `eventId` undefined (a journal from before wait.begun named its question): the stream entry of that tick is taken
 * for it, which leaves the stream as it was even when it was something else (it is put there either way, once).
 */
function questionOf(records: readonly JournalRecord[], at: number, eventId: string | undefined): EventJSON | undefined {
  for (let i = at + 1; i < records.length; i++) {
    const r = records[i];
    if (r.type === "stream.written") return eventId === undefined || r.event.id === eventId ? r.event : undefined;
    if (r.type !== "timer.scheduled") return undefined;
  }
  return undefined;
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
  /** An event of a record that need not be one of the workflow's own (a stream write, a wait's class). */
  const anyClass = (name: string) => target.registry.get(name) ?? defaultRegistry.get(name);
  /** Journals from before timers were records: a timer's firing is read off what it caused. */
  const fireTimer = (match: (timer: PendingTimer) => boolean, at: number): void => {
    for (const timer of target.pendingTimers()) {
      if (match(timer)) return target.dispatch({ kind: "timer", timerId: timer.id, at });
    }
  };
  let input: EventJSON | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    switch (r.type) {
      case "run.started":
        input = r.input;
        target.dispatch({ kind: "begin", at: r.at });
        break;
      case "event.added":
        if (r.event.id === input?.id) input = undefined;
        target.dispatch({ kind: "event", event: revive(r.event), target: r.target });
        break;
      case "step.started": {
        const key = heldKey(r.step, r.eventId, r.attempt);
        if (r.attempt > 1 && !target.held.has(key)) {
          fireTimer((t) => t.kind === "retry" && heldKey(t.exec!.slot.def.name, t.exec!.event.eventId, t.exec!.attempt) === key, r.at);
        }
        const exec = target.held.get(key);
        if (!exec) throw new WorkflowRuntimeError(`Journal record ${r.seq}: step "${r.step}" started on an event the rebuilt run never gave it (it does not fit this workflow)`);
        executions.set(r.executionId, exec);
        target.dispatch({ kind: "stepStarted", exec, at: r.at });
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
          target.dispatch({ kind: "collect", exec, event: revive(op.event), expected: classes });
        }
        const returned = r.returned.map(revive);
        target.dispatch({ kind: "stepDone", exec, result: returned.length === 0 ? undefined : returned.length === 1 ? returned[0] : returned });
        break;
      }
      case "step.failed": {
        const exec = execution(r.executionId, r.seq);
        target.held.delete(heldKey(exec.slot.def.name, exec.event.eventId, exec.attempt));
        const error = Object.assign(new Error(r.error.message), { name: r.error.name });
        const recover = r.recovered
          ? new StepFailedEvent({ stepName: exec.slot.def.name, error, message: r.error.message, attempts: exec.attempt, elapsed: 0 })
          : undefined;
        target.dispatch({ kind: "stepFailed", exec, error, retry: r.retry, recover, at: r.at });
        break;
      }
      case "stream.written": {
        const event = revive(r.event);
        if (!target.streamed(event)) target.dispatch({ kind: "streamWrite", event, from: null });
        break;
      }
      case "durable.completed": {
        const call: DurableCallRecord = { index: r.index, name: r.name };
        if (r.key !== undefined) call.key = r.key;
        if ("value" in r) call.value = r.value;
        target.restoreDurable(execution(r.executionId, r.seq), call);
        break;
      }
      case "wait.begun": {
        const eventClass = anyClass(r.eventType);
        if (!eventClass) throw new WorkflowRuntimeError(`Journal record ${r.seq}: a wait for event type "${r.eventType}", which no event class of this process has`);
        const written = questionOf(records, i, r.question);
        const question = written && revive(written);
        target.dispatch({
          kind: "waitBegun",
          waiter: { id: r.waiterId, eventClass, requirements: r.requirements, stepName: r.step },
          timeoutMs: r.timeoutMs,
          waiterEvent: question,
          from: null,
          at: r.at,
        });
        break;
      }
      case "timer.fired":
        target.dispatch({ kind: "timer", timerId: r.timerId, at: r.at });
        break;
      case "wait.timedOut":
        fireTimer((t) => t.kind === "wait" && t.waiterId === r.waiterId, r.at);
        break;
      case "run.timedOut":
        target.dispatch({ kind: "timeout", seconds: r.seconds });
        break;
      case "run.cancelled":
        target.dispatch({ kind: "cancel", reason: r.reason });
        break;
      case "run.faulted":
        target.dispatch({ kind: "fault", error: Object.assign(new Error(r.error.message), { name: r.error.name }) });
        break;
      default:
        // timer.scheduled, wait.answered and run.ended: the reducer takes these again from the ticks before them
        break;
    }
  }
  // cut right after run.started: the start event was never added
  if (input) target.dispatch({ kind: "event", event: revive(input) });
  return executions;
}
