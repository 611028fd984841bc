import { DBOS } from "@dbos-inc/dbos-sdk";
import type pg from "pg";
import type { JournalRecord } from "@weft/workflows";
import { dbosWorkflowName } from "../runs/durable-workflow.js";
import { outcomeOf, type RunOutcome } from "../runs/run-outcome.js";
import type { ServedRecord, ServedStatus } from "./served-shapes.js";

/** DBOS statuses of a workflow that has ended. */
export const ENDED = ["SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"];

interface Row {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string | null;
  /** The run's last journal record (its `run.ended` once it has ended). */
  last: string | null;
  traceparent: string | null;
  /** Record seqs of the last `InputRequiredEvent` written and of the last event from outside; null for ended runs. */
  asked: number | null;
  answered: number | null;
  /** Whether an event or cancel sent to the run waits in its mailbox. */
  inbox: boolean;
}

/**
 * A run's record from DBOS's `workflow_status` row (a documented system table) and Weft's tables: the journal's
 * `run.ended` gives how it ended; a run waits (`waiting`) when its last `InputRequiredEvent` came after the last
 * event from outside and nothing sent to it waits in its mailbox, as the in-process server counts it.
 */
const SELECT = `
SELECT w.workflow_uuid AS id, w.name, w.status, w.created_at, w.updated_at, e.record AS last, t.traceparent,
  j.asked, j.answered, EXISTS (SELECT 1 FROM weft_dbos_inbox i WHERE i.handler_id = w.workflow_uuid) AS inbox
FROM dbos.workflow_status w
LEFT JOIN weft_dbos_traces t ON t.handler_id = w.workflow_uuid
LEFT JOIN LATERAL (SELECT record FROM weft_dbos_journal l WHERE l.handler_id = w.workflow_uuid ORDER BY seq DESC LIMIT 1) e ON true
LEFT JOIN LATERAL (
  SELECT max(seq) FILTER (WHERE r->>'type' = 'stream.written' AND r->'event'->>'type' = 'InputRequiredEvent') AS asked,
         max(seq) FILTER (WHERE r->>'type' = 'event.added' AND NOT r ? 'from') AS answered
  FROM (SELECT seq, record::jsonb AS r FROM weft_dbos_journal l WHERE l.handler_id = w.workflow_uuid AND w.status <> ALL($1)) x
) j ON true`;

export interface RowQuery {
  /** Weft workflow names: only their runs. */
  workflows: readonly string[];
  handlerId?: string;
  /** Only runs that have ended (true) or not (false). */
  ended?: boolean;
  /** Only handler ids sorting before this one. */
  before?: string;
  limit: number;
}

/** Records of runs, newest first by handler id. */
export async function loadRecords(pool: pg.Pool, query: RowQuery): Promise<ServedRecord[]> {
  const params: unknown[] = [ENDED, query.workflows.map(dbosWorkflowName)];
  const where = ["w.name = ANY($2)"];
  const add = (sql: string, value: unknown) => where.push(sql.replace("?", `$${params.push(value)}`));
  if (query.handlerId !== undefined) add("w.workflow_uuid = ?", query.handlerId);
  if (query.before !== undefined) add("w.workflow_uuid < ?", query.before);
  if (query.ended !== undefined) add(query.ended ? "w.status = ANY(?)" : "w.status <> ALL(?)", ENDED);
  const { rows } = await pool.query<Row>(`${SELECT} WHERE ${where.join(" AND ")} ORDER BY w.workflow_uuid DESC LIMIT $${params.push(query.limit)}`, params);
  return Promise.all(rows.map(recordOf));
}

async function recordOf(row: Row): Promise<ServedRecord> {
  const last = row.last === null ? undefined : (JSON.parse(row.last) as JournalRecord);
  const updated = Math.max(Number(row.updated_at ?? row.created_at), last?.at ?? 0);
  const record: ServedRecord = {
    handler_id: row.id,
    workflow_name: row.name.slice("weft:".length),
    status: "running",
    started_at: iso(Number(row.created_at)),
    updated_at: iso(updated),
    completed_at: null,
  };
  const traceId = row.traceparent?.split("-")[1];
  if (traceId && !/^0+$/.test(traceId)) record.trace_id = traceId;
  const ended = last?.type === "run.ended" ? outcomeOf(last) : ENDED.includes(row.status) ? await dbosOutcome(row.id) : undefined;
  if (ended) {
    const at = iso(last?.type === "run.ended" ? last.at : updated);
    Object.assign(record, { status: ended.status as ServedStatus, updated_at: at, completed_at: at });
    if (ended.status === "completed") record.result = ended.result;
    else record.error = ended.error;
  } else if (row.asked !== null && row.asked > (row.answered ?? 0) && !row.inbox) {
    record.status = "waiting";
  }
  return record;
}

/** How a run ended that has no `run.ended` record: it failed to start or resume, or DBOS cancelled it before it started. */
async function dbosOutcome(handlerId: string): Promise<RunOutcome> {
  const status = await DBOS.getWorkflowStatus(handlerId);
  if (status?.status === "SUCCESS" && status.output) return status.output as RunOutcome;
  if (status?.status === "CANCELLED") return { status: "cancelled", error: "Run cancelled" };
  const error = status?.error;
  return { status: "failed", error: error instanceof Error ? error.message : String(error ?? `Run ${status?.status ?? "lost"}`) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
