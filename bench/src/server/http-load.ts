import { Agent, request } from "node:http";

/** Keep-alive connections, one per concurrent client, as a load generator should have. */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}

/**
 * POSTs JSON and resolves with the parsed answer (status and body). A kept-alive socket that the server closed as
 * idle just as the request went out is reset before any answer: the server never saw that request, so it is sent
 * again on a fresh socket (the retry Node's `request.reusedSocket` documentation describes).
 */
export function postJSON(agent: Agent, url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return send(agent, url, "POST", JSON.stringify(body));
}

function send(agent: Agent, url: string, method: "POST", payload: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(payload) };
    const req = request(url, { method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      res.on("error", reject);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && error.code === "ECONNRESET") send(agent, url, method, payload).then(resolve, reject);
      else reject(error);
    });
    req.end(payload);
  });
}

/** What a closed loop measured: calls per second and the median time of one call (ms). */
export interface LoopResult {
  rate: number;
  p50: number;
}

/** `total` calls spread over `clients` loops, each waiting for its answer before the next; `call` is told its loop's number. */
export async function closedLoop(clients: number, total: number, call: (client: number) => Promise<void>): Promise<LoopResult> {
  let started = 0;
  const times: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (started < total) {
        started++;
        const t = performance.now();
        await call(client);
        times.push(performance.now() - t);
      }
    }),
  );
  const rate = total / ((performance.now() - t0) / 1000);
  times.sort((a, b) => a - b);
  return { rate, p50: times[Math.floor(times.length / 2)] };
}
