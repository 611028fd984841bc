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
  return new Response(body, {
    headers: {
      "content-type": sse ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}
