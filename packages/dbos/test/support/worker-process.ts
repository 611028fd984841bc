import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("./worker-main.ts", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  executorId: string;
  output(): string;
}

/** Starts a worker process (through tsx) and resolves once it takes runs; rejects with its output if it exits first. */
export function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", main], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^weft worker ready: (\S+)$/m.exec(output);
      if (match) resolve({ child, executorId: match[1], output: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
}

/** SIGKILL, and wait until the process is gone. */
export function killHard(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.child.once("exit", () => resolve());
    worker.child.kill("SIGKILL");
  });
}
