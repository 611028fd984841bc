import { connect, type Socket } from "node:net";

/** An answer as the load generator needs it: the status and the body's text. */
export interface RawAnswer {
  status: number;
  body: string;
}

const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * One kept-alive HTTP/1.1 connection that sends one request at a time and reads the answer itself (content-length or
 * chunked). `node:http`'s client costs ~130 µs of CPU per request, as much as the server's whole HTTP floor, and it
 * shares the machine's 2 cores with the server: this one costs a fraction of that, so the bench measures the server.
 */
export class RawConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: RawAnswer) => void; reject: (error: Error) => void } | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("the server closed the connection")));
  }

  static open(url: string): Promise<RawConnection> {
    const { hostname, port, host } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        socket.off("error", reject);
        resolve(new RawConnection(socket, host));
      });
      socket.once("error", reject);
    });
  }

  /** Sends a request (a JSON body when given) and resolves with the answer; one at a time per connection. */
  request(method: "GET" | "POST", path: string, json?: string): Promise<RawAnswer> {
    if (this.waiting) return Promise.reject(new Error("RawConnection: one request at a time"));
    const body = json === undefined ? "" : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    this.socket.write(`${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n${body || "\r\n"}`);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd < 0 || !this.waiting) return;
    const head = this.buffer.toString("latin1", 0, headEnd);
    const start = headEnd + 4;
    let body: string;
    let rest: Buffer;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      body = this.buffer.toString("utf8", start, end);
      rest = this.buffer.subarray(end);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buffer.indexOf("\r\n", at);
        if (lineEnd < 0) return;
        const size = Number.parseInt(this.buffer.toString("latin1", at, lineEnd), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          rest = this.buffer.subarray(lineEnd + 4);
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString("utf8");
    } else {
      return this.fail(new Error(`an answer with neither content-length nor chunked encoding:\n${head}`));
    }
    this.buffer = rest;
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve({ status: Number(head.slice(9, 12)), body });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}

/** `count` connections to the server at `url`. */
export function openConnections(url: string, count: number): Promise<RawConnection[]> {
  return Promise.all(Array.from({ length: count }, () => RawConnection.open(url)));
}
