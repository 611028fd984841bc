import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Job, JobResult } from "../jobs.js";

const childScript = fileURLToPath(new URL("./child.js", import.meta.url));

/** Runs a job in a fresh node process (same node, `--expose-gc`, a 6 GB heap for the 1M fan-out). */
export function inChild<R extends JobResult>(job: Job): Promise<R> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=6144", childScript, JSON.stringify(job)],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`child job ${JSON.stringify(job)} failed: ${stderr.trim() || error.message}`));
          return;
        }
        const lines = stdout.trim().split("\n");
        resolve(JSON.parse(lines[lines.length - 1]) as R);
      },
    );
  });
}
