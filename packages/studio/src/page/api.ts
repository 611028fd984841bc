/** The server's HTTP API (API.md) and Studio's trace routes, as the page calls them. */
import { reportRefused, withToken } from "./auth.js";

export type HandlerStatus = "running" | "waiting" | "completed" | "failed" | "cancelled";

export interface HandlerRecord {
  handler_id: string;
  workflow_name: string;
  status: HandlerStatus;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  result?: unknown;
  error?: string;
  trace_id?: string;
}

export interface StreamEntry {
  type: string;
  seq: number;
  data: Record<string, unknown>;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

export interface GraphNode {
  id: string;
  label: string;
  kind: "step" | "event";
}

export interface Graph {
  nodes: GraphNode[];
  edges: { source: string; target: string }[];
}

// The spans' shape is the trace routes' answer; one definition serves the server side and the page.
export type { SpanValue, StoredSpan as Span } from "../spans/stored-span.js";
export type { TraceSummary } from "../store/trace-summary.js";

export const isFinal = (s: HandlerStatus): boolean => s === "completed" || s === "failed" || s === "cancelled";

const hex = (bytes: number): string => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Reads carry a traceparent whose sampled flag is off: the server then records no span for Studio's own polling, so
 * the trace store holds the runs and not the page watching them. Writes that start or drive a run are traced.
 */
const untraced = (): Record<string, string> => ({ traceparent: `00-${hex(16)}-${hex(8)}-00` });
const quiet = (): Record<string, string> => withToken(untraced());

async function answer<T>(response: Response): Promise<T> {
  if (response.status === 401) reportRefused();
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { headers: quiet(), signal }));
}

export async function post<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method: "POST", headers: withToken(body === undefined ? {} : { "content-type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  return answer<T>(await fetch(path, init));
}

/** Whether the server takes `token`: false on 401, an error when the server cannot be reached. */
export async function tokenAccepted(token: string): Promise<boolean> {
  const response = await fetch("/workflows", { headers: { ...untraced(), authorization: `Bearer ${token}` } });
  if (response.status === 401) return false;
  await answer(response);
  return true;
}

/** A run's stream entries from `after + 1`, live until the run ends (NDJSON, so the request can carry headers). */
export async function readEntries(handlerId: string, after: number, onEntry: (entry: StreamEntry) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(`/events/${encodeURIComponent(handlerId)}?sse=false&after_sequence=${after}`, { headers: quiet(), signal });
  if (!response.ok || !response.body) return void (await answer(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onEntry(JSON.parse(line) as StreamEntry);
  }
}
