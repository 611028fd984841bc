import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../src/cli/weft.ts", import.meta.url));

/** A `weft serve` child process (through tsx, so no build is needed), and the URL it listens on. */
export interface WeftProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** Starts `weft serve <args>` and resolves once it prints its URL; rejects with its output if it exits first. */
export function startWeft(args: string[], env: Record<string, string>): Promise<WeftProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", cli, "serve", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving .* on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`weft serve exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

/** SIGKILL, and wait until the process is gone. */
export function killHard(proc: WeftProcess): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.child.once("exit", () => resolve());
    proc.child.kill("SIGKILL");
  });
}
