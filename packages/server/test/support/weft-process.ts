import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../src/cli/weft.ts", import.meta.url));

/** A `weft serve` child process (through tsx, so no build is needed), and the URL it listens on. */
export interface WeftProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** A `weft worker` child process and its DBOS executor id. */
export interface WeftWorker {
  child: ChildProcess;
  executorId: string;
  output(): string;
}

/** Starts `weft serve <args>` and resolves once it prints its URL; rejects with its output if it exits first. */
export async function startWeft(args: string[], env: Record<string, string>): Promise<WeftProcess> {
  const { child, ready, output } = await startCli("serve", args, env, /serving .* on (http:\/\/\S+)/);
  return { child, url: ready, output };
}

/** Starts `weft worker <args>` and resolves once it takes runs; rejects with its output if it exits first. */
export async function startWeftWorker(args: string[], env: Record<string, string>): Promise<WeftWorker> {
  const { child, ready, output } = await startCli("worker", args, env, /^weft worker (\S+): running /m);
  return { child, executorId: ready, output };
}

function startCli(command: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, ["--import", "tsx", cli, command, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise<{ child: ChildProcess; ready: string; output: () => string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, ready: match[1], output: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`weft ${command} exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
}

/** SIGKILL, and wait until the process is gone. */
export function killHard(proc: { child: ChildProcess }): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.child.once("exit", () => resolve());
    proc.child.kill("SIGKILL");
  });
}
