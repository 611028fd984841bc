import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const worker = fileURLToPath(new URL("./append-worker.ts", import.meta.url));

/**
 * Starts `writers` real Node processes that each put `count` turns into one session, releases them
 * together once all are ready, and resolves when all have exited successfully.
 */
export async function runWriters(options: { store: "sqlite" | "postgres"; target: string; sessionId: string; writers: number; count: number }): Promise<string[]> {
  const names = Array.from({ length: options.writers }, (_, i) => `w${i}`);
  const children = names.map((writer) => {
    const job = JSON.stringify({ store: options.store, target: options.target, sessionId: options.sessionId, writer, count: options.count });
    const child = spawn(process.execPath, ["--import", "tsx", worker, job], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (stdout.includes("ready") ? resolve() : undefined);
      child.stdout.on("data", check);
      child.on("exit", () => reject(new Error(`writer ${writer} exited before it was ready: ${stderr}`)));
    });
    const exited = new Promise<void>((resolve, reject) => {
      child.on("exit", (code) =>
        code === 0 && stdout.includes("done") ? resolve() : reject(new Error(`writer ${writer} failed (exit ${code}): ${stderr}`)),
      );
    });
    return { child, ready, exited };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.stdin.write("go\n");
  await Promise.all(children.map((c) => c.exited));
  return names;
}
