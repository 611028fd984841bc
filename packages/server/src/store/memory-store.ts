import type { JournalRecord } from "@weft/workflows";
import { isFinal, type FirstRecords, type HandlerPageQuery, type HandlerRecord, type RunStore, type StreamEntry } from "./run-store.js";

interface Row {
  record: HandlerRecord;
  snapshot: unknown;
  entries: StreamEntry[];
  /** The run's journal records, as JSON arrays: one per write (a run's few writes, not its many records). */
  journal: string[];
  /** How many records `journal` holds. */
  records: number;
}

export interface MemoryStoreOptions {
  /**
   * How many ended runs (completed, failed, cancelled) to keep; past that the one that ended first is forgotten, with
   * its journal and entries. Default 10,000. Runs that have not ended are always kept.
   */
  retain?: number;
}

/** The ended runs a memory store keeps unless told otherwise. */
export const DEFAULT_RETAIN = 10_000;

/**
 * Keeps everything in this process: for tests, benchmarks and throwaway servers. A restart forgets every run, and
 * only the last `retain` ended runs are kept, so a long-lived server's memory stays bounded.
 */
export class MemoryStore implements RunStore {
  private readonly rows = new Map<string, Row>();
  /** Ids of ended runs, in the order they ended (a Map keeps insertion order): the first is forgotten first. */
  private readonly ended = new Set<string>();
  readonly retain: number;

  constructor(options: MemoryStoreOptions = {}) {
    const retain = options.retain ?? DEFAULT_RETAIN;
    if (!Number.isInteger(retain) || retain < 0) throw new TypeError(`MemoryStore: retain must be a whole number >= 0 (got ${String(options.retain)})`);
    this.retain = retain;
  }

  async migrate(): Promise<void> {}

  async createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean> {
    if (this.rows.has(record.handler_id)) return false;
    const row: Row = { record: { ...record }, snapshot, entries: [], journal: [], records: 0 };
    if (first) this.append(record.handler_id, row, first.records, first.entries);
    this.rows.set(record.handler_id, row);
    if (isFinal(record.status)) this.hasEnded(record.handler_id);
    return true;
  }

  async updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    const row = this.rows.get(record.handler_id);
    if (!row) return;
    row.record = { ...record };
    if (snapshot !== undefined) row.snapshot = snapshot;
    if (isFinal(record.status)) this.hasEnded(record.handler_id);
  }

  /** Counts a run as ended (again: a later end moves it last) and forgets the oldest ended runs past `retain`. */
  private hasEnded(handlerId: string): void {
    this.ended.delete(handlerId);
    this.ended.add(handlerId);
    if (this.ended.size <= this.retain) return;
    for (const oldest of this.ended) {
      this.ended.delete(oldest);
      this.rows.delete(oldest);
      if (this.ended.size <= this.retain) return;
    }
  }

  async getHandler(handlerId: string): Promise<HandlerRecord | undefined> {
    const row = this.rows.get(handlerId);
    return row && { ...row.record };
  }

  async listHandlers(query: HandlerPageQuery): Promise<HandlerRecord[]> {
    const matching: HandlerRecord[] = [];
    for (const { record } of this.rows.values()) {
      if (query.status && record.status !== query.status) continue;
      if (query.workflow_name && record.workflow_name !== query.workflow_name) continue;
      if (query.before !== undefined && !(record.handler_id < query.before)) continue;
      matching.push(record);
    }
    matching.sort((a, b) => (a.handler_id < b.handler_id ? 1 : a.handler_id > b.handler_id ? -1 : 0));
    return matching.slice(0, query.limit).map((r) => ({ ...r }));
  }

  async deleteHandler(handlerId: string): Promise<void> {
    this.rows.delete(handlerId);
    this.ended.delete(handlerId);
  }

  async appendEntry(handlerId: string, entry: StreamEntry): Promise<void> {
    this.rows.get(handlerId)?.entries.push(entry);
  }

  async appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void> {
    const row = this.rows.get(handlerId);
    if (row) this.append(handlerId, row, records, entries);
  }

  private append(handlerId: string, row: Row, records: readonly JournalRecord[], entries: readonly StreamEntry[]): void {
    // as a database's primary key would: a record numbered out of turn refuses the whole write
    for (let i = 0; i < records.length; i++) {
      const expected = row.records + i + 1;
      if (records[i].seq !== expected) throw new Error(`MemoryStore: journal record of "${handlerId}" has seq ${records[i].seq}, expected ${expected}`);
    }
    // Kept as JSON, as the SQL stores keep them: a retained run's journal is then a few strings, which the garbage
    // collector does not walk (10,000 retained runs of record objects made every major GC slower), and a record is
    // parsed only when a rebuild reads it (most never are). One string per write: a string per record cost a
    // stringify call each and kept three times the objects.
    if (records.length > 0) {
      row.journal.push(JSON.stringify(records));
      row.records += records.length;
    }
    for (const e of entries) row.entries.push(e);
  }

  async journal(handlerId: string): Promise<JournalRecord[]> {
    return (this.rows.get(handlerId)?.journal ?? []).flatMap((json) => JSON.parse(json) as JournalRecord[]);
  }

  async entries(handlerId: string, after: number, limit: number): Promise<StreamEntry[]> {
    const list = this.rows.get(handlerId)?.entries ?? [];
    // seqs are 1, 2, … without gaps, so entry n sits at index n - 1
    return list.slice(after, after + limit);
  }

  async lastSeq(handlerId: string): Promise<number> {
    return this.rows.get(handlerId)?.entries.length ?? 0;
  }

  async loadSnapshot(handlerId: string): Promise<unknown> {
    return this.rows.get(handlerId)?.snapshot;
  }


  async close(): Promise<void> {}
}
