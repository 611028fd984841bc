import { spawn, type ChildProcess } from "node:child_process";

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  executorId: string;
  /** When it was spawned, and when it said it takes runs (Date.now()). */
  spawnedAt: number;
  readyAt?: number;
  /** Settles once the worker takes runs; rejects with its output if it exits first. */
  ready: Promise<void>;
  output(): string;
}

/** Starts a worker process from the built worker module `file`; it prints `weft worker ready: <executor id>` once it takes runs. */
export function startWorker(file: string, executorId: string, env: Record<string, string>): WorkerProcess {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env, WEFT_EXECUTOR_ID: executorId }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const worker: WorkerProcess = {
    child,
    pid: child.pid!,
    executorId,
    spawnedAt,
    output: () => output,
    ready: new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (worker.readyAt === undefined && /^weft worker ready: \S+/m.test(output)) {
          worker.readyAt = Date.now();
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code, signal) => reject(new Error(`worker ${executorId} exited (${code ?? signal}) before it was ready:\n${output}`)));
    }),
  };
  // a worker killed while it starts is part of the game: whoever needs it ready awaits `ready`
  worker.ready.catch(() => undefined);
  return worker;
}

/** SIGKILL, and wait until the process is gone. */
export function killHard(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.child.once("exit", () => resolve());
    worker.child.kill("SIGKILL");
  });
}
