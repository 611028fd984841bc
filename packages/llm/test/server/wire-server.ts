import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A scripted answer: a JSON body (any status) or a server-sent-event stream replayed event by event. */
export type WireReply =
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  | {
      sse: string;
      status?: number;
      headers?: Record<string, string>;
      delayMs?: number;
      eventDelayMs?: number;
      /** Cuts the connection (no clean end of the chunked body) after this many events. */
      disconnectAfter?: number;
    };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Resolves when the client closed the connection before the reply was complete. */
  clientClosed: Promise<void>;
}

/** What differs between providers' wire protocols, as far as the test server is concerned. */
export interface WireProtocol {
  /** The path prefix clients are pointed at (`/v1`). */
  basePath: string;
  /** Headers a real server adds to every answer (request id …); `id` is this answer's request id. */
  headers(id: string): Record<string, string>;
  /** The provider's error body for a request the server itself refuses. */
  errorBody(message: string, status: number): unknown;
}

const FIXTURES = new URL("../fixtures/", import.meta.url);

/** Reads a recorded response body from test/fixtures. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

export function jsonFixture(name: string): unknown {
  return JSON.parse(fixture(name));
}

/**
 * A local HTTP server speaking a provider's wire protocol. Each request takes the next scripted reply for its path
 * and is recorded.
 */
export class WireServer {
  readonly requests: RecordedRequest[] = [];
  readonly #queues = new Map<string, WireReply[]>();
  readonly #server: Server;
  readonly #protocol: WireProtocol;
  #requestCount = 0;
  #waiters: Array<(request: RecordedRequest) => void> = [];

  protected constructor(server: Server, protocol: WireProtocol) {
    this.#server = server;
    this.#protocol = protocol;
    server.on("request", (req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (part: string) => (raw += part));
      req.on("end", () => {
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        let body: Record<string, unknown> = {};
        try {
          body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
        } catch {
          return send(res, 400, protocol.errorBody("We could not parse the JSON body of your request.", 400));
        }
        const clientClosed = new Promise<void>((resolve) => res.on("close", () => !res.writableFinished && resolve()));
        const recorded = { method: req.method ?? "", path, headers: req.headers, body, clientClosed };
        this.requests.push(recorded);
        this.#waiters.splice(0).forEach((notify) => notify(recorded));
        void this.#answer(path, res);
      });
    });
  }

  protected static async listen(): Promise<Server> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
  }

  get baseURL(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.#protocol.basePath}`;
  }

  /** The next request to arrive. */
  nextRequest(): Promise<RecordedRequest> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Scripted replies not used yet, over all paths. */
  get pending(): number {
    return [...this.#queues.values()].reduce((sum, queue) => sum + queue.length, 0);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  protected enqueue(path: string, replies: WireReply[]): this {
    const full = `${this.#protocol.basePath}${path}`;
    const queue = this.#queues.get(full) ?? [];
    queue.push(...replies);
    this.#queues.set(full, queue);
    return this;
  }

  async #answer(path: string, res: ServerResponse): Promise<void> {
    const reply = this.#queues.get(path)?.shift();
    if (!reply) return send(res, 404, this.#protocol.errorBody(`No scripted reply for ${path}`, 404));
    const requestId = `req_${(++this.#requestCount).toString(16).padStart(24, "0")}`;
    let closed = false;
    res.on("close", () => (closed = true));
    if (reply.delayMs) await sleep(reply.delayMs);
    if (closed) return;
    const headers = { ...this.#protocol.headers(requestId), ...reply.headers };
    if ("json" in reply) return send(res, reply.status ?? 200, reply.json, headers);

    res.writeHead(reply.status ?? 200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...headers,
    });
    const events = reply.sse.split(/\n\n/).filter((event) => event.trim() !== "");
    for (const [i, event] of events.entries()) {
      if (closed) return;
      if (i > 0 && reply.eventDelayMs) await sleep(reply.eventDelayMs);
      if (closed) return;
      // destroySoon flushes what was written, then drops the connection mid-body. A client's body stream that errors
      // discards what it had not yet handed on (Node 24's fetch does), so a test that wants the events before the drop
      // read first gives them an eventDelayMs.
      if (i === reply.disconnectAfter) return void res.socket?.destroySoon();
      res.write(`${event}\n\n`);
    }
    res.end();
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
