import type { JournalRecord } from "@weft/workflows";
import type { FirstRecords, HandlerPageQuery, HandlerRecord, RunStore, StreamEntry } from "./run-store.js";

interface Row {
  record: HandlerRecord;
  snapshot: unknown;
  entries: StreamEntry[];
  /** The run's journal records, as JSON. */
  journal: string[];
}

/** Keeps everything in this process: for tests and benchmarks; a restart forgets every run. */
export class MemoryStore implements RunStore {
  private readonly rows = new Map<string, Row>();

  async migrate(): Promise<void> {}

  async createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean> {
    if (this.rows.has(record.handler_id)) return false;
    const row: Row = { record: { ...record }, snapshot, entries: [], journal: [] };
    if (first) this.append(record.handler_id, row, first.records, first.entries);
    this.rows.set(record.handler_id, row);
    return true;
  }

  async updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    const row = this.rows.get(record.handler_id);
    if (!row) return;
    row.record = { ...record };
    if (snapshot !== undefined) row.snapshot = snapshot;
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
    records.forEach((r, i) => {
      const expected = row.journal.length + i + 1;
      if (r.seq !== expected) throw new Error(`MemoryStore: journal record of "${handlerId}" has seq ${r.seq}, expected ${expected}`);
    });
    // kept as JSON, as the SQL stores keep them: the engine's records stay the engine's, and a record is parsed only
    // when a rebuild reads it (most never are)
    for (const r of records) row.journal.push(JSON.stringify(r));
    row.entries.push(...entries);
  }

  async journal(handlerId: string): Promise<JournalRecord[]> {
    return (this.rows.get(handlerId)?.journal ?? []).map((json) => JSON.parse(json) as JournalRecord);
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
