import { fileURLToPath } from "node:url";
import { startWorker } from "./start-worker.js";

const worker = fileURLToPath(new URL("./append-worker.ts", import.meta.url));

/**
 * Starts `writers` real Node processes that each put `count` turns into one session, releases them
 * together once all are ready, and resolves when all have exited successfully.
 */
export async function runWriters(options: { store: "sqlite" | "postgres"; target: string; sessionId: string; writers: number; count: number }): Promise<string[]> {
  const names = Array.from({ length: options.writers }, (_, i) => `w${i}`);
  const children = names.map((writer) =>
    startWorker(worker, { store: options.store, target: options.target, sessionId: options.sessionId, writer, count: options.count }),
  );
  try {
    await Promise.all(children.map((c) => c.waitFor("ready")));
    for (const c of children) c.child.stdin.write("go\n");
    await Promise.all(
      children.map(async (c, i) => {
        const { code } = await c.exited;
        if (code !== 0 || !c.stdout().includes("done")) throw new Error(`writer ${names[i]} failed (exit ${code}): ${c.stderr()}`);
      }),
    );
  } finally {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  }
  return names;
}
