import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ReceivedRequest, ReceivedSpan } from "./received-span.js";

const MAIN = fileURLToPath(new URL("./receiver-main.ts", import.meta.url));

export interface ReceiverOptions {
  /** Answer JSON with 415 like Arize Phoenix. */
  rejectJson?: boolean;
  /** Take requests and never answer (a stuck backend). */
  hang?: boolean;
}

/** A running receiver process and what it has received so far. */
export interface Receiver {
  readonly process: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** e.g. http://127.0.0.1:41234/v1/traces */
  readonly tracesUrl: string;
  spans(): Promise<ReceivedSpan[]>;
  requests(): Promise<{ requests: ReceivedRequest[]; pending: number }>;
  reset(): Promise<void>;
  /** Polls until `check` holds for the received spans, failing after `timeoutMs`. */
  waitForSpans(check: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Kills the process (SIGKILL: a crash, not a graceful stop) and waits for it to be gone. */
  kill(): Promise<void>;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const args = ["--import", "tsx", MAIN, "--port", "0"];
  if (options.rejectJson) args.push("--reject-json");
  if (options.hang) args.push("--hang");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`receiver exited with code ${code} before listening`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const receiver: Receiver = {
    process: child,
    origin,
    tracesUrl: `${origin}/v1/traces`,
    spans: () => getJson<ReceivedSpan[]>(`${origin}/spans`),
    requests: () => getJson(`${origin}/requests`),
    reset: async () => {
      await getJson(`${origin}/reset`, { method: "POST" });
    },
    async waitForSpans(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const spans = await receiver.spans();
        if (check(spans)) return spans;
        if (Date.now() > deadline) {
          throw new Error(`receiver: condition not met within ${timeoutMs} ms; received ${spans.length} span(s): ` +
            spans.map((s) => s.name).join(", "));
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  return receiver;
}
