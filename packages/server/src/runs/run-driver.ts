import { context as otelContext, type Context as OtelContext } from "@opentelemetry/api";
import {
  Context,
  Event,
  EventRegistry,
  HumanResponseEvent,
  InputRequiredEvent,
  StartEvent,
  StopEvent,
  type ContextDict,
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

/** What the server hears from a run besides its stream. */
export interface RunHooks {
  /** A step finished and the engine took its result: a good moment to save a snapshot. */
  stepEnded(): void;
}

/** One run in this process, as the server sees it. */
export interface DrivenRun {
  /** What the run writes to its stream, ending with the stop event when it completes. Read it once. */
  readonly entries: AsyncIterable<EventEnvelope>;
  /** Settles when the run ends; never rejects. A released run's outcome never settles. */
  readonly outcome: Promise<RunOutcome>;
  /** Delivers an event from outside (already validated by `parseEvent`). */
  deliver(event: Event, step?: string): void;
  cancel(): void;
  /** Plain JSON the run can be resumed from, also in another process. */
  snapshot(): unknown;
  /** Takes the run out of memory without ending it (call `snapshot()` first): its outcome never settles. */
  release(): void;
}

/**
 * The one place the server touches the engine: start, resume, deliver, cancel, snapshot. Runs survive a restart
 * through `ctx.toDict()` snapshots taken at step boundaries (steps in flight run again on resume: at least once).
 * When the engine records runs as journals, this module is what changes; the rest of the server keeps its shape.
 */
export class RunDriver {
  private readonly workflows = new Map<string, AnyWorkflow>();
  private readonly registries = new Map<string, EventRegistry>();
  /** Hooks by engine run id: the wrapped step handlers find their run's hooks through `ctx.runId`. */
  private readonly hooks = new Map<string, RunHooks>();

  constructor(workflows: Iterable<ServableWorkflow>) {
    for (const servable of workflows) {
      const workflow = servable as AnyWorkflow;
      workflow.validate();
      if (this.workflows.has(workflow.name)) throw new TypeError(`createServer: two workflows are named "${workflow.name}"`);
      this.workflows.set(workflow.name, this.withStepHooks(workflow));
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

  start(name: string, start: Event, hooks: RunHooks, parent: OtelContext): DrivenRun {
    const workflow = this.workflow(name)!;
    const handler = otelContext.with(parent, () => workflow.run(start));
    return this.drive(handler, hooks);
  }

  /** Resumes a run from `snapshot()`; throws `ContextSerializationError` when it does not fit the workflow. */
  resume(name: string, snapshot: unknown, hooks: RunHooks): DrivenRun {
    const workflow = this.workflow(name)!;
    const ctx = Context.fromDict(workflow, snapshot);
    return this.drive(workflow.run(undefined, { ctx }), hooks);
  }

  private drive(handler: WorkflowHandler<unknown, unknown>, hooks: RunHooks): DrivenRun {
    const runId = handler.runId;
    this.hooks.set(runId, hooks);
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
    }).finally(() => this.hooks.delete(runId));
    return {
      entries: envelopes(handler.streamEvents()),
      outcome,
      deliver: (event, step) => handler.ctx.sendEvent(event, step === undefined ? undefined : { step }),
      cancel: () => handler.cancel(),
      snapshot: () => handler.ctx.toDict(),
      release: () => {
        released = true;
        this.hooks.delete(runId);
        handler.cancel("released from memory");
      },
    };
  }

  /**
   * A copy of the workflow whose step handlers tell the run's hooks when they end, so snapshots follow step
   * boundaries. The engine has no such hook today; the journal runtime records step ends itself.
   */
  private withStepHooks(workflow: AnyWorkflow): AnyWorkflow {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(workflow) as object) as object, workflow) as AnyWorkflow;
    // a microtask after the step's result: the engine's own reaction to it was queued first, so it has taken it in
    const notify = (runId: string) => queueMicrotask(() => this.hooks.get(runId)?.stepEnded());
    const steps = workflow.steps.map((step) => ({
      ...step,
      handler: (ev: never, ctx: { runId: string }, resources: never) => {
        let out: unknown;
        try {
          out = step.handler(ev, ctx as never, resources);
        } catch (error) {
          notify(ctx.runId);
          throw error;
        }
        if (out instanceof Promise) void out.then(() => notify(ctx.runId), () => notify(ctx.runId));
        else notify(ctx.runId);
        return out;
      },
    }));
    Object.assign(copy, { stepList: steps, compiled: undefined });
    copy.validate();
    return copy;
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

async function* envelopes(events: AsyncIterable<Event>): AsyncIterable<EventEnvelope> {
  try {
    for await (const event of events) yield { type: event.eventName, data: event.toData() };
  } catch {
    // a failed run's stream throws its error after the last entry; the outcome reports it
  }
}
