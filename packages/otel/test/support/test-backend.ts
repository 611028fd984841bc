import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP endpoint whose behaviour a test scripts per request: answer a status, or never answer. */
export interface TestBackend {
  readonly url: string;
  /** Requests received so far. */
  received: number;
  /** The headers of every request received. */
  headers: IncomingHttpHeaders[];
  /** Requests received and not answered. */
  unanswered: number;
  /** What to do with the next requests: a status code, or "hang". */
  respondWith: number | "hang";
  close(): Promise<void>;
}

export async function startTestBackend(respondWith: number | "hang"): Promise<TestBackend> {
  const hanging: ServerResponse[] = [];
  const backend: TestBackend = {
    url: "",
    received: 0,
    headers: [],
    unanswered: 0,
    respondWith,
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      backend.received++;
      backend.headers.push(req.headers);
      if (backend.respondWith === "hang") {
        backend.unanswered++;
        hanging.push(res);
        return;
      }
      res.writeHead(backend.respondWith, { "content-type": "application/x-protobuf" });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (backend as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return backend;
}

/** A loopback URL where nothing listens. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1/traces`;
}
