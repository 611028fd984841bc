import type { Event, Workflow } from "@weft/workflows";
import type { HandlerRecord, StreamEntry } from "../store/run-store.js";

// plain types shared with the server: the client imports nothing that runs
import type { HandlerStatus } from "../store/run-store.js";
export type { HandlerStatus };

/** A run's record, as `GET /handlers/{id}` gives it. */
export type HandlerInfo<Result = unknown> = HandlerRecord<Result>;

/** Which handlers `handlers` and `handlersPage` list. */
export interface HandlerListFilter {
  status?: HandlerStatus;
  workflowName?: string;
}

/** A page of `GET /handlers`: newest first; `next_cursor` fetches the next page, null after the last. */
export interface HandlersPage {
  handlers: HandlerInfo[];
  next_cursor: string | null;
}

/** One entry of a run's stream. */
export type StreamEntryJSON = StreamEntry;

/** An event sent into a run. */
export interface EventInput {
  type: string;
  data?: Record<string, unknown>;
}

/** A typed stop event crosses the wire as its fields. */
export type WireResult<R> = R extends Event ? { [K in keyof R as R[K] extends (...args: never[]) => unknown ? never : K extends "eventId" | "eventName" ? never : K]: R[K] } : R;

/** The start fields a workflow's `run()` takes. */
export type StartFieldsOf<W> = W extends Workflow<infer _S, infer StartInput, infer _R, infer _Res> ? ([StartInput] extends [never] ? Record<string, unknown> : StartInput) : Record<string, unknown>;

/** What a workflow's run gives, as it crosses the wire. */
export type ResultOf<W> = W extends Workflow<infer _S, infer _I, infer Result, infer _Res> ? ([Result] extends [never] ? unknown : WireResult<Result>) : unknown;
