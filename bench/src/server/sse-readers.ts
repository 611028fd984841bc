import { connect } from "node:net";

export interface Reader {
  /** Resolves when the first entry (the question) arrived: the reader is connected. */
  connected: Promise<void>;
  /** Resolves with the delivery latencies (ms) of the stamped entries when the stream ends. */
  done: Promise<number[]>;
}

/**
 * One SSE reader of `url` that measures, for each entry with a `t` stamp, now − t. It reads its socket itself (the
 * response's chunked framing, then SSE frames): 1,000 readers share the 2 cores with the server, and `node:http`'s
 * per-chunk stream machinery in them showed up as delivery latency. Each frame is still parsed whole: its `id` must
 * match the entry's seq, and its data is parsed as JSON.
 */
export function sseReader(url: string): Reader {
  let onConnected!: () => void;
  const connected = new Promise<void>((r) => (onConnected = r));
  const done = new Promise<number[]>((resolve, reject) => {
    const { hostname, port, host, pathname, search } = new URL(url);
    const latencies: number[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setEncoding("latin1"); // one char per byte: chunk sizes count bytes
    socket.write(`GET ${pathname}${search} HTTP/1.1\r\nhost: ${host}\r\naccept: text/event-stream\r\n\r\n`);
    let raw = ""; // bytes not yet de-chunked
    let text = ""; // de-chunked SSE text not yet parsed
    let headed = false;
    let ended = false;
    socket.on("data", (chunk: string) => {
      const now = performance.timeOrigin + performance.now();
      raw += chunk;
      if (!headed) {
        const end = raw.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = raw.slice(0, end);
        if (!head.startsWith("HTTP/1.1 200") || !/\r\ntransfer-encoding: chunked/i.test(head)) {
          socket.destroy();
          return reject(new Error(`not a chunked 200 event stream:\n${head}`));
        }
        headed = true;
        raw = raw.slice(end + 4);
      }
      // de-chunk: "<hex size>\r\n<bytes>\r\n", a 0 size ends the response
      for (;;) {
        const line = raw.indexOf("\r\n");
        if (line < 0) break;
        const size = Number.parseInt(raw.slice(0, line), 16);
        if (size === 0) {
          ended = true;
          break;
        }
        if (raw.length < line + 2 + size + 2) break;
        text += raw.slice(line + 2, line + 2 + size);
        raw = raw.slice(line + 2 + size + 2);
      }
      let frameEnd: number;
      while ((frameEnd = text.indexOf("\n\n")) >= 0) {
        const frame = text.slice(0, frameEnd);
        text = text.slice(frameEnd + 2);
        if (!frame.startsWith("id: ")) continue; // a heartbeat comment
        const idEnd = frame.indexOf("\n");
        const dataAt = frame.indexOf("data: ", idEnd);
        const entry = JSON.parse(frame.slice(dataAt + 6)) as { seq: number; data: { t?: number } };
        if (String(entry.seq) !== frame.slice(4, idEnd)) {
          socket.destroy();
          return reject(new Error(`frame id ${frame.slice(4, idEnd)} does not match its entry's seq ${entry.seq}`));
        }
        onConnected();
        if (typeof entry.data.t === "number") latencies.push(now - entry.data.t);
      }
      if (ended) {
        socket.end();
        resolve(latencies);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => (ended ? resolve(latencies) : reject(new Error("the stream closed before its end"))));
  });
  return { connected, done };
}
