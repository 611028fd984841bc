import type { JournalRecord } from "@weft/workflows";

/** Where a run stands, as the routes and `GET /handlers` show it. */
export type HandlerStatus = "running" | "waiting" | "completed" | "failed" | "cancelled";

/** One handler (run) as stored and as returned by `GET /handlers/{id}`. Times are ISO 8601 strings. */
export interface HandlerRecord<Result = unknown> {
  handler_id: string;
  workflow_name: string;
  status: HandlerStatus;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  /** What awaiting the run gives (a typed stop event as its fields), once completed. */
  result?: Result;
  /** The failure's message, once failed or cancelled. */
  error?: string;
  /** The trace the run's spans belong to, so a UI can link to it. */
  trace_id?: string;
}

/** One entry of a run's stream: its sequence number (1, 2, … per run), event type and fields. */
export interface StreamEntry {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export interface HandlerFilter {
  status?: HandlerStatus;
  workflow_name?: string;
}

/** A page of `listHandlers`: newest first (by handler id, descending: generated ids are time-ordered UUIDv7s). */
export interface HandlerPageQuery extends HandlerFilter {
  /** At most this many records (default: all). */
  limit?: number;
  /** Only handlers whose id sorts before this one (the last id of the previous page). */
  before?: string;
}

/** A run's first journal records and the entries they wrote, stored with its row. */
export interface FirstRecords {
  records: readonly JournalRecord[];
  entries: readonly StreamEntry[];
}

/**
 * Where the server keeps handlers, their stream entries and their latest snapshot. Writes for one run arrive in order
 * (the server chains them), so an implementation needs no locking of its own.
 */
export interface RunStore {
  /** Creates the tables, or brings them to the current version. */
  migrate(): Promise<void>;
  /**
   * Adds a handler, with its first journal records when given (all or nothing); false (and no change) when the id
   * exists already.
   */
  createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean>;
  /** Replaces a handler's record, and its snapshot when given. */
  updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void>;
  getHandler(handlerId: string): Promise<HandlerRecord | undefined>;
  /** Handlers matching the filter, newest first (handler id descending). */
  listHandlers(query: HandlerPageQuery): Promise<HandlerRecord[]>;
  /** Removes a handler with its entries, journal and snapshot. */
  deleteHandler(handlerId: string): Promise<void>;
  appendEntry(handlerId: string, entry: StreamEntry): Promise<void>;
  /**
   * Adds journal records (numbered after those stored) and the stream entries they wrote, all or nothing, so an entry
   * is never stored without the record a rebuild restores it from.
   */
  appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void>;
  /** A run's journal records, in order (none for a run stored without one). */
  journal(handlerId: string): Promise<JournalRecord[]>;
  /** Entries with `seq > after`, in order, at most `limit`. */
  entries(handlerId: string, after: number, limit: number): Promise<StreamEntry[]>;
  /** The highest seq stored for a handler (0 when none). */
  lastSeq(handlerId: string): Promise<number>;
  /** The latest snapshot saved for a handler. */
  loadSnapshot(handlerId: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Whether a run with this status has ended. */
export function isFinal(status: HandlerStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}
