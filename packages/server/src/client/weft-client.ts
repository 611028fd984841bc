import type { EventInput, HandlerInfo, HandlerListFilter, HandlersPage, HandlerStatus, ResultOf, StartFieldsOf, StreamEntryJSON } from "./client-types.js";
import { readSse } from "./sse-reader.js";

export interface WeftClientOptions {
  /** The server, e.g. `http://127.0.0.1:4000`. */
  baseUrl: string;
  /** The bearer token, when the server requires one. */
  token?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** How long `streamEvents` keeps trying to reconnect (ms) before it gives up. Default 60 000. */
  reconnectFor?: number;
}

/** A non-2xx answer: its status and the server's error code and message. */
export class WeftClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "WeftClientError";
  }
}

/** A run that failed or was cancelled, seen through its stream. */
export class WeftRunError extends Error {
  constructor(readonly handler: HandlerInfo) {
    super(handler.error ?? `run ${handler.handler_id} ${handler.status}`);
    this.name = "WeftRunError";
  }
}

export interface StreamOptions {
  /** Entries after this seq (default: from the first). */
  after?: number;
  signal?: AbortSignal;
}

const FINAL: readonly HandlerStatus[] = ["completed", "failed", "cancelled"];
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** The server's routes over `fetch`; runs in Node and in browsers. */
export class WeftClient {
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: WeftClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}), ...extra };
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.doFetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { "content-type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new WeftClientError(res.status, error?.code ?? "http_error", error?.message ?? `${method} ${path}: HTTP ${res.status}`);
    }
    return json as T;
  }

  /** A view of one workflow, typed by it: `client.workflow<typeof jokeFlow>("JokeFlow").run({ topic })`. */
  workflow<W = unknown>(name: string): TypedWorkflowClient<W> {
    return new TypedWorkflowClient<W>(this, name);
  }

  async health(): Promise<{ status: string }> {
    return this.request("GET", "/health");
  }

  async workflows(): Promise<string[]> {
    return (await this.request<{ workflows: string[] }>("GET", "/workflows")).workflows;
  }

  /** Starts a run and waits for its end: the record, with `result` or `error`. */
  async run<Result = unknown>(workflow: string, startEvent: Record<string, unknown> = {}, options: { handlerId?: string } = {}): Promise<HandlerInfo<Result>> {
    return this.request("POST", `/workflows/${encodeURIComponent(workflow)}/run`, { start_event: startEvent, handler_id: options.handlerId });
  }

  /** Starts a run and answers at once with its handler id. */
  async runNowait(workflow: string, startEvent: Record<string, unknown> = {}, options: { handlerId?: string } = {}): Promise<{ handler_id: string; status: HandlerStatus }> {
    return this.request("POST", `/workflows/${encodeURIComponent(workflow)}/run-nowait`, { start_event: startEvent, handler_id: options.handlerId });
  }

  async sendEvent(handlerId: string, event: EventInput, options: { step?: string } = {}): Promise<void> {
    await this.request("POST", `/events/${encodeURIComponent(handlerId)}`, { event: { type: event.type, data: event.data ?? {} }, step: options.step });
  }

  async cancel(handlerId: string, options: { purge?: boolean } = {}): Promise<HandlerInfo> {
    return this.request("POST", `/handlers/${encodeURIComponent(handlerId)}/cancel${options.purge ? "?purge=true" : ""}`);
  }

  async handler<Result = unknown>(handlerId: string): Promise<HandlerInfo<Result>> {
    return this.request("GET", `/handlers/${encodeURIComponent(handlerId)}`);
  }

  /** Every handler that matches, newest first: follows the pages to the last (see `handlersPage` for one page). */
  async handlers(filter: HandlerListFilter = {}): Promise<HandlerInfo[]> {
    const all: HandlerInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.handlersPage({ ...filter, cursor, limit: 1000 });
      all.push(...page.handlers);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** One page of handlers, newest first; pass its `next_cursor` as `cursor` for the next page (null after the last). */
  async handlersPage(query: HandlerListFilter & { limit?: number; cursor?: string } = {}): Promise<HandlersPage> {
    const params = new URLSearchParams();
    if (query.status) params.set("status", query.status);
    if (query.workflowName) params.set("workflow_name", query.workflowName);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.cursor) params.set("cursor", query.cursor);
    const qs = params.size ? `?${params}` : "";
    return this.request<HandlersPage>("GET", `/handlers${qs}`);
  }

  /**
   * The run's stream entries, each once and in order. When the connection drops (or the server restarts) it
   * reconnects after the last seq it gave, for up to `reconnectFor` ms. Ends after the last entry of a completed run;
   * throws `WeftRunError` for a failed or cancelled one.
   */
  async *streamEvents(handlerId: string, options: StreamOptions = {}): AsyncGenerator<StreamEntryJSON> {
    let last = options.after ?? 0;
    let delay = 100;
    let failingSince: number | undefined;
    const path = `${this.baseUrl}/events/${encodeURIComponent(handlerId)}`;
    while (!options.signal?.aborted) {
      try {
        const res = await this.doFetch(`${path}?after_sequence=${last}`, {
          headers: this.headers({ accept: "text/event-stream", "last-event-id": String(last) }),
          signal: options.signal,
        });
        if (res.status === 401 || res.status === 404 || res.status === 400) {
          const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
          throw new WeftClientError(res.status, body.error?.code ?? "http_error", body.error?.message ?? `HTTP ${res.status}`);
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        for await (const frame of readSse(res.body)) {
          const entry = JSON.parse(frame.data) as StreamEntryJSON;
          if (entry.seq <= last) continue;
          last = entry.seq;
          failingSince = undefined;
          delay = 100;
          yield entry;
        }
        // a clean end: the run ended, or the server is going away (then its record is not final yet)
        const record = await this.handler(handlerId);
        if (FINAL.includes(record.status)) {
          if (record.status !== "completed") throw new WeftRunError(record);
          return;
        }
      } catch (error) {
        if (error instanceof WeftClientError || error instanceof WeftRunError || options.signal?.aborted) throw error;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > (this.options.reconnectFor ?? 60_000)) throw error;
      }
      await sleep(delay, options.signal);
      delay = Math.min(delay * 2, 2000);
    }
  }
}

/** One workflow's runs, typed by the workflow: its start fields in, its result out. */
export class TypedWorkflowClient<W> {
  constructor(
    private readonly client: WeftClient,
    readonly name: string,
  ) {}

  run(startEvent?: StartFieldsOf<W>, options?: { handlerId?: string }): Promise<HandlerInfo<ResultOf<W>>> {
    return this.client.run<ResultOf<W>>(this.name, (startEvent ?? {}) as Record<string, unknown>, options);
  }

  runNowait(startEvent?: StartFieldsOf<W>, options?: { handlerId?: string }): Promise<{ handler_id: string; status: HandlerStatus }> {
    return this.client.runNowait(this.name, (startEvent ?? {}) as Record<string, unknown>, options);
  }
}
