import type { ServerResponse } from "node:http";
import type { Writable } from "node:stream";
import type { StreamEntry } from "../store/run-store.js";

/** An entry's bytes as one HTTP/1.1 chunk (`<size>\r\n<frame>\r\n`), and the frame alone (a view into it). */
interface Encoded {
  chunk: Buffer;
  frame: Buffer;
}

/**
 * Frames already encoded, by entry: readers of a live run share the entry objects (StoredTail), so 1,000 readers of
 * one run cost one JSON.stringify and one encode per entry, not 1,000. Weak: a frame lives as long as its entry.
 */
const sseFrames = new WeakMap<StreamEntry, Encoded>();
const ndjsonLines = new WeakMap<StreamEntry, Encoded>();

const encoder = new TextEncoder();

function chunked(text: string): Encoded {
  const size = Buffer.byteLength(text);
  const head = `${size.toString(16)}\r\n`;
  // its own memory, not a slice of Buffer's shared pool: a web stream may be handed the frame
  const bytes = encoder.encode(`${head}${text}\r\n`);
  const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { chunk, frame: chunk.subarray(head.length, head.length + size) };
}

function encoded(entry: StreamEntry, sse: boolean): Encoded {
  const cache = sse ? sseFrames : ndjsonLines;
  let bytes = cache.get(entry);
  if (!bytes) {
    bytes = chunked(sse ? `id: ${entry.seq}\ndata: ${entryJSON(entry)}\n\n` : `${entryJSON(entry)}\n`);
    cache.set(entry, bytes);
  }
  return bytes;
}

const HEARTBEAT = { sse: chunked(": heartbeat\n\n"), ndjson: chunked("\n") };

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
 * read) between the entry and the socket. `headers` are those set by middleware so far (CORS); `gone` aborts when
 * the client goes away (its connection's signal: a stream of its own cost an AbortController, and its abort on every
 * normal end, ~25 µs a reader in Node 20). Returns the response that tells the adapter the answer is on its way.
 */
export function writeEntryStream(
  outgoing: ServerResponse,
  headers: Headers,
  read: (signal: AbortSignal) => AsyncGenerator<StreamEntry | null>,
  sse: boolean,
  onError: (error: unknown) => void,
  gone: AbortSignal,
): Response {
  const head: Record<string, string> = contentHeaders(sse);
  headers.forEach((value, key) => (head[key] = value));
  // as Hono's cors middleware appends after the route, which this response never goes back through
  if (head["access-control-allow-origin"] !== undefined && head["access-control-allow-origin"] !== "*") head.vary = "Origin";
  outgoing.writeHead(200, head);
  outgoing.flushHeaders();
  const heartbeat = sse ? HEARTBEAT.sse : HEARTBEAT.ndjson;
  void (async () => {
    try {
      for await (const entry of read(gone)) {
        if (outgoing.destroyed) break;
        // a reader slower than the run is not read for: the socket's buffer stays small, whatever the client does
        const full = send(outgoing, entry === null ? heartbeat : encoded(entry, sse));
        if (full) await drainedOrClosed(full);
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

/**
 * Writes one frame; returns the stream to wait on for 'drain' when its buffer is full. When the response owns its
 * socket and nothing of it waits in Node's http layer, the frame goes to the socket as the chunk encoded once for all
 * readers: one buffer and one syscall, where `outgoing.write` adds the chunk's size line and CRLFs as three more
 * buffers (a writev of four) per reader. Frames written in one turn (a reader that fell behind) leave in one syscall.
 * `outgoing.end()` still writes the last chunk.
 */
function send(outgoing: ServerResponse, bytes: Encoded): Writable | null {
  const socket = outgoing.socket;
  if (socket && outgoing.headersSent && outgoing.writableLength === socket.writableLength) {
    if (!socket.writableCorked) {
      socket.cork();
      process.nextTick(uncork, socket);
    }
    return socket.write(bytes.chunk) ? null : socket;
  }
  return outgoing.write(bytes.frame) ? null : outgoing;
}

function uncork(socket: Writable): void {
  socket.uncork();
}

function drainedOrClosed(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
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
      controller.enqueue((entry === null ? (sse ? HEARTBEAT.sse : HEARTBEAT.ndjson) : encoded(entry, sse)).frame);
    },
    cancel() {
      stop.abort();
      requestSignal.removeEventListener("abort", onAbort);
      void entries.return(undefined);
    },
  });
  return new Response(body, { headers: contentHeaders(sse) });
}
