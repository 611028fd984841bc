import type { ServerResponse } from "node:http";
import type { StreamEntry } from "../store/run-store.js";

const encoder = new TextEncoder();

/**
 * Frames already encoded, by entry: readers of a live run share the entry objects (StoredTail), so 1,000 readers of
 * one run cost one JSON.stringify and one encode per entry, not 1,000. Weak: a frame lives as long as its entry.
 */
const sseFrames = new WeakMap<StreamEntry, Uint8Array>();
const ndjsonLines = new WeakMap<StreamEntry, Uint8Array>();

function encoded(entry: StreamEntry, sse: boolean): Uint8Array {
  const cache = sse ? sseFrames : ndjsonLines;
  let bytes = cache.get(entry);
  if (!bytes) {
    bytes = encoder.encode(sse ? `id: ${entry.seq}\ndata: ${entryJSON(entry)}\n\n` : `${entryJSON(entry)}\n`);
    cache.set(entry, bytes);
  }
  return bytes;
}

const HEARTBEAT = { sse: encoder.encode(": heartbeat\n\n"), ndjson: encoder.encode("\n") };

/** One entry as the wire carries it: `{ type, seq, data }`. */
function entryJSON(entry: StreamEntry): string {
  return JSON.stringify({ type: entry.type, seq: entry.seq, data: entry.data });
}

function contentHeaders(sse: boolean): Record<string, string> {
  return {
    "content-type": sse ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  };
}

/** What @hono/node-server takes for "the route wrote the response itself". */
const ALREADY_SENT = "x-hono-already-sent";

/**
 * The same stream written straight to Node's response, for a server on @hono/node-server: each frame is one
 * `write` of bytes encoded once for all readers, with none of the web stream's per-frame promises (pull, enqueue,
 * read) between the entry and the socket. `headers` are those set by middleware so far (CORS). Returns the response
 * that tells the adapter the answer is already on its way.
 */
export function writeEntryStream(
  outgoing: ServerResponse,
  headers: Headers,
  read: (signal: AbortSignal) => AsyncGenerator<StreamEntry | null>,
  sse: boolean,
  onError: (error: unknown) => void,
): Response {
  const head: Record<string, string> = contentHeaders(sse);
  headers.forEach((value, key) => (head[key] = value));
  // as Hono's cors middleware appends after the route, which this response never goes back through
  if (head["access-control-allow-origin"] !== undefined && head["access-control-allow-origin"] !== "*") head.vary = "Origin";
  outgoing.writeHead(200, head);
  outgoing.flushHeaders();
  const stop = new AbortController();
  outgoing.once("close", () => stop.abort());
  const heartbeat = sse ? HEARTBEAT.sse : HEARTBEAT.ndjson;
  void (async () => {
    try {
      for await (const entry of read(stop.signal)) {
        if (outgoing.destroyed) break;
        // a reader slower than the run is not read for: the socket's buffer stays small, whatever the client does
        if (!outgoing.write(entry === null ? heartbeat : encoded(entry, sse))) await drainedOrClosed(outgoing);
      }
      if (!outgoing.destroyed) outgoing.end();
    } catch (error) {
      // the client reconnects and resumes after the last id it got
      onError(error);
      outgoing.destroy();
    }
  })();
  return new Response(null, { headers: { [ALREADY_SENT]: "true" } });
}

function drainedOrClosed(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
  });
}

/**
 * A streaming response over a run's entries: server-sent events (`id: <seq>`, comment heartbeats) or NDJSON lines
 * (an empty line as heartbeat). Reading stops when the client goes away.
 */
export function entryStream(
  read: (signal: AbortSignal) => AsyncGenerator<StreamEntry | null>,
  sse: boolean,
  requestSignal: AbortSignal,
): Response {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  requestSignal.addEventListener("abort", onAbort, { once: true });
  const entries = read(stop.signal);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await entries.next();
      if (next.done) {
        requestSignal.removeEventListener("abort", onAbort);
        controller.close();
        return;
      }
      const entry = next.value;
      controller.enqueue(entry === null ? (sse ? HEARTBEAT.sse : HEARTBEAT.ndjson) : encoded(entry, sse));
    },
    cancel() {
      stop.abort();
      requestSignal.removeEventListener("abort", onAbort);
      void entries.return(undefined);
    },
  });
  return new Response(body, { headers: contentHeaders(sse) });
}
