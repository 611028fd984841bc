import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Everything the worker printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout holds `text`; rejects if the worker exits first. */
  waitFor(text: string): Promise<void>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript worker in a real Node process, with `job` as its JSON argument. */
export function startWorker(script: string, job: unknown): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(job)], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!out.includes(text)) return;
        child.stdout.off("data", check);
        resolve();
      };
      child.stdout.on("data", check);
      check();
      void exited.then(({ code, signal }) => reject(new Error(`worker exited (${signal ?? code}) before printing "${text}": ${err}`)));
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}
