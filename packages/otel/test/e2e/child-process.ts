import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./joke-flow-child.ts", import.meta.url));

/** The joke-flow program running in its own process, with its output as it comes. */
export interface JokeFlowProcess {
  readonly process: ChildProcess;
  /** The JSON lines printed so far. */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first printed line that has `key`. */
  waitForLine(key: string): Promise<Record<string, unknown>>;
  /** Resolves when the process has exited, with its code, printed lines and standard error. */
  exited: Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>;
}

export function startJokeFlow(env: Record<string, string>): JokeFlowProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, OTEL_BSP_SCHEDULE_DELAY: "20", OTEL_EXPORTER_OTLP_TIMEOUT: "1000", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { key: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on("line", (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.key in line)) waiter.resolve(line);
  });
  const exited = new Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, lines, stderr })),
  );
  return {
    process: child,
    lines,
    exited,
    waitForLine(key) {
      const seen = lines.find((line) => key in line);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ key, resolve });
        void exited.then(({ stderr: err }) => reject(new Error(`joke flow exited before printing "${key}":\n${err}`)));
      });
    },
  };
}
