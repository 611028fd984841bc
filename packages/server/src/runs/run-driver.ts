import { context as otelContext, type Context as OtelContext } from "@opentelemetry/api";
import {
  Context,
  CONTEXT_DICT_VERSION,
  Event,
  EventRegistry,
  HumanResponseEvent,
  InputRequiredEvent,
  StartEvent,
  StopEvent,
  systemClock,
  type Clock,
  type ContextDict,
  type Journal,
  type JournalRecord,
  type Runtime,
  type StepDefinition,
  type EventJSON,
  type Workflow,
  type WorkflowHandler,
} from "@weft/workflows";

/** An event as the stream and the wire carry it. */
export interface EventEnvelope {
  type: string;
  data: Record<string, unknown>;
}

export type RunOutcome = { status: "completed"; result: unknown } | { status: "failed" | "cancelled"; error: string };

/** A workflow inside the server (internal: the public type is `ServableWorkflow`). */
export type AnyWorkflow = Workflow<any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What `createServer` takes: any `Workflow`, whatever its state, input and result types. */
export interface ServableWorkflow {
  readonly name: string;
  readonly steps: readonly StepDefinition[];
  validate(): void;
  toMermaid(): string;
}

/** One run in this process, as the server sees it. */
export interface DrivenRun {
  /** Settles when the run ends; never rejects. A released run's outcome never settles. */
  readonly outcome: Promise<RunOutcome>;
  /** Delivers an event from outside (already validated by `parseEvent`). */
  deliver(event: Event, step?: string): void;
  cancel(): void;
  /** The run's context as `ctx.toDict()` gives it (for `GET /handlers/{id}/context` and the trace id). */
  snapshot(): unknown;
  /** Takes the run out of memory without ending it (its journal is stopped first): its outcome never settles. */
  release(): void;
}

/** Where a driven run's records go; `stop()` ends the recording (a released run's cancel is not part of its history). */
export interface DriverJournal extends Journal {
  stop(): void;
}

/**
 * The one place the server touches the engine: start, rebuild, deliver, cancel. Every run records a journal through
 * the runtime the server gives it; a restarted server rebuilds the run from those records (`workflow.rebuild`), so
 * completed steps do not run again and steps in flight run again (at least once).
 */
export class RunDriver {
  private readonly workflows = new Map<string, AnyWorkflow>();
  private readonly registries = new Map<string, EventRegistry>();

  /** `clock`: the time every run reads (a user's `Runtime` gives its own). */
  constructor(
    workflows: Iterable<ServableWorkflow>,
    private readonly clock: Clock = systemClock,
  ) {
    for (const servable of workflows) {
      const workflow = servable as AnyWorkflow;
      workflow.validate();
      if (this.workflows.has(workflow.name)) throw new TypeError(`createServer: two workflows are named "${workflow.name}"`);
      this.workflows.set(workflow.name, workflow);
      this.registries.set(workflow.name, registryOf(workflow));
    }
  }

  names(): string[] {
    return [...this.workflows.keys()];
  }

  workflow(name: string): AnyWorkflow | undefined {
    return this.workflows.get(name);
  }

  /** The event classes a workflow uses, by name (for schemas and for validating events from outside). */
  registry(name: string): EventRegistry {
    const registry = this.registries.get(name);
    if (!registry) throw new TypeError(`no workflow named "${name}"`);
    return registry;
  }

  /** Builds the start event from client fields; throws `EventValidationError` naming the field. */
  startEvent(name: string, fields: Record<string, unknown>): Event {
    const startClass = this.workflow(name)!.startEventClass as unknown as new (fields: object) => Event;
    return new startClass(fields);
  }

  /** Builds an event from `{ type, data }`; throws on an unknown type or a field that fails the schema. */
  parseEvent(name: string, envelope: EventEnvelope): Event {
    return this.registry(name).fromJSON({ type: envelope.type, id: undefined as unknown as string, data: envelope.data } as EventJSON);
  }

  /** The trace a snapshot's run belongs to, when the run is traced. */
  traceIdOf(snapshot: unknown): string | undefined {
    const id = (snapshot as ContextDict).run?.traceparent?.split("-")[1];
    return id && !/^0+$/.test(id) ? id : undefined;
  }

  /**
   * The context of a run that is not in memory, for reading only: state and store as its last completed step left
   * them in the journal (what a resume starts from), `run` as last `saved` (null once the run has ended). A run with
   * no completed step has the workflow's initial state.
   */
  storedContext(name: string, records: readonly JournalRecord[], saved: unknown): ContextDict {
    const workflow = this.workflow(name);
    const base: ContextDict = (saved as ContextDict | undefined) ?? (workflow ? new Context(workflow).toDict() : { version: CONTEXT_DICT_VERSION, workflow: name, state: null, store: {}, run: null });
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (r.type === "step.completed" && r.store) return { ...base, state: r.store.state, store: r.store.store };
    }
    return base;
  }

  start(name: string, start: Event, journal: DriverJournal, parent: OtelContext): DrivenRun {
    const workflow = this.workflow(name)!;
    const handler = otelContext.with(parent, () => workflow.run(start, { runtime: this.runtime(journal) }));
    return this.drive(handler, journal);
  }

  /** Rebuilds a run from its journal and carries it on; throws when the records do not fit the workflow. */
  rebuild(name: string, records: readonly JournalRecord[], journal: DriverJournal): DrivenRun {
    return this.drive(this.workflow(name)!.rebuild(records, { runtime: this.runtime(journal) }), journal);
  }

  private runtime(journal: Journal): Runtime {
    return { clock: this.clock, journalFor: () => journal };
  }

  private drive(handler: WorkflowHandler<unknown, unknown>, journal: DriverJournal): DrivenRun {
    let released = false;
    const outcome = new Promise<RunOutcome>((resolve) => {
      handler.then(
        (result) => resolve({ status: "completed", result: isEvent(result) ? result.toData() : result }),
        (error: unknown) => {
          if (released) return;
          const message = error instanceof Error ? error.message : String(error);
          resolve({ status: error instanceof Error && error.name === "WorkflowCancelledError" ? "cancelled" : "failed", error: message });
        },
      );
    });
    return {
      outcome,
      deliver: (event, step) => handler.ctx.sendEvent(event, step === undefined ? undefined : { step }),
      cancel: () => handler.cancel(),
      snapshot: () => handler.ctx.toDict(),
      release: () => {
        released = true;
        journal.stop();
        handler.cancel("released from memory");
      },
    };
  }
}

/** By shape: a served module may bring its own copy of @weft/workflows. */
function isEvent(value: unknown): value is Event {
  return value instanceof Event || (typeof value === "object" && value !== null && typeof (value as Event).toData === "function" && typeof (value as Event).eventName === "string");
}

function registryOf(workflow: AnyWorkflow): EventRegistry {
  const classes = workflow.steps.flatMap((s) => [...s.accepts, ...s.returns]);
  return new EventRegistry([StartEvent, StopEvent, InputRequiredEvent, HumanResponseEvent, ...classes]);
}
