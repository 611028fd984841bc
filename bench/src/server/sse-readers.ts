import { Agent, get } from "node:http";

export interface Reader {
  /** Resolves when the first entry (the question) arrived: the reader is connected. */
  connected: Promise<void>;
  /** Resolves with the delivery latencies (ms) of the stamped entries when the stream ends. */
  done: Promise<number[]>;
}

/** One SSE reader of `url` that measures, for each entry with a `t` stamp, now − t. */
export function sseReader(agent: Agent, url: string): Reader {
  let onConnected!: () => void;
  const connected = new Promise<void>((r) => (onConnected = r));
  const done = new Promise<number[]>((resolve, reject) => {
    const latencies: number[] = [];
    get(url, { agent, headers: { accept: "text/event-stream" } }, (res) => {
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const now = performance.timeOrigin + performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!data) continue;
          onConnected();
          const entry = JSON.parse(data) as { data: { t?: number } };
          if (typeof entry.data.t === "number") latencies.push(now - entry.data.t);
        }
      });
      res.on("end", () => resolve(latencies));
      res.on("error", reject);
    }).on("error", reject);
  });
  return { connected, done };
}
