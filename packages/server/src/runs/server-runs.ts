import type { Context as OtelContext } from "@opentelemetry/api";
import type { Event } from "@weft/workflows";
import type { EventEnvelope } from "./run-driver.js";
import type { HandlerFilter, HandlerRecord, StreamEntry } from "../store/run-store.js";

/**
 * The runs as the routes reach them: start, read, deliver, cancel. `RunManager` holds runs in this process and keeps
 * them in the server's store; a runtime that owns runs itself (`RunOwner`, such as `DBOSRuntime`) gives its own.
 *
 * Failures a caller caused are errors named `"RunError"` with a `kind`: `not_found` (404), `conflict` (409) or
 * `invalid` (400); an `EventValidationError` is a 400 naming the field. Anything else is a 500 with a fixed message.
 */
export interface ServerRuns {
  /**
   * Starts a run, or, when `handlerId` names one already, returns its record and starts nothing (a `conflict` when
   * it is a run of another workflow). `parent`: the OpenTelemetry context the run's span is a child of.
   */
  start(workflowName: string, start: Event, handlerId: string | undefined, parent?: OtelContext): Promise<HandlerRecord>;
  /** A run's record; `not_found` for an unknown id. */
  handler(handlerId: string): Promise<HandlerRecord>;
  /** A page of records, newest first (by handler id), of handlers whose id sorts before `before`; `next` continues it, null on the last page. */
  handlers(filter: HandlerFilter, limit: number, before?: string): Promise<{ handlers: HandlerRecord[]; next: string | null }>;
  /** The run's context as `ctx.toDict()` gives it, to read (`run` null once it has ended). */
  context(handlerId: string): Promise<unknown>;
  /** Resolves with the record once the run has ended (or with the record as it is when `signal` aborts). */
  waitForEnd(handlerId: string, signal?: AbortSignal): Promise<HandlerRecord>;
  /** Delivers an event from outside: `conflict` when the run has ended, `invalid` for an unknown step. */
  deliver(handlerId: string, envelope: EventEnvelope, step: string | undefined): Promise<void>;
  /** Cancels a run (an ended one stays as it ended) and returns its record; `purge` then deletes it. */
  cancel(handlerId: string, purge: boolean): Promise<HandlerRecord>;
  /**
   * The run's stream entries after `after`, as they come, until the run has ended and all were given; null when
   * `heartbeatMs` passed with nothing new (the caller sends a keep-alive).
   */
  read(handlerId: string, after: number, heartbeatMs: number, signal: AbortSignal): AsyncGenerator<StreamEntry | null>;
  /** Stops serving: readers end, nothing of a run is lost. */
  close(): Promise<void>;
}

/**
 * A `runtime` that owns runs (where they execute, and where their records live): given one, `createServer` keeps no
 * run state of its own and the routes go to `serverRuns`. Structural, so the server depends on no runtime's package.
 */
export interface RunOwner {
  /** The runs of the workflows named, as the routes reach them; throws naming a workflow the runtime cannot run. */
  serverRuns(workflowNames: readonly string[]): ServerRuns;
}

export function isRunOwner(runtime: unknown): runtime is RunOwner {
  return typeof runtime === "object" && runtime !== null && typeof (runtime as Partial<RunOwner>).serverRuns === "function";
}
