import type pg from "pg";
import type { EventJSON } from "@weft/workflows";

/** What can be sent to a run from outside: an event (for one step, if `step` is set), or a cancel. */
export type InboxMessage = { kind: "event"; event: EventJSON; step?: string } | { kind: "cancel"; reason?: string };

export interface InboxEntry {
  id: string;
  handlerId: string;
  message: InboxMessage;
}

/** Durable mailbox of runs: a message waits here until the run that takes it has journaled what it did with it. */
export async function postMessage(pool: pg.Pool, handlerId: string, message: InboxMessage): Promise<void> {
  await pool.query("INSERT INTO weft_dbos_inbox (handler_id, message) VALUES ($1, $2)", [handlerId, JSON.stringify(message)]);
}

/** Messages for any of `handlerIds` with an id above `after`, oldest first. */
export async function readMessages(pool: pg.Pool, handlerIds: readonly string[], after: string): Promise<InboxEntry[]> {
  const { rows } = await pool.query<{ id: string; handler_id: string; message: string }>(
    "SELECT id, handler_id, message FROM weft_dbos_inbox WHERE handler_id = ANY($1) AND id > $2 ORDER BY id",
    [handlerIds, after],
  );
  return rows.map((r) => ({ id: String(r.id), handlerId: r.handler_id, message: JSON.parse(r.message) as InboxMessage }));
}
