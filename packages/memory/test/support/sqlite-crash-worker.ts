// A process that writes or reads a SQLite memory store in a loop until it is killed; started by the
// crash tests. It prints "begin <k>" before and "ack <k>" after each batch it appends, so the test
// knows which batches were acknowledged when the process died.
import { SQLiteMemoryStore } from "../../src/sqlite.js";
import { crashBatch } from "./crash-batch.js";

interface Job {
  path: string;
  sessionId: string;
  mode: "write" | "read";
  /** Tells this process's batches from those of earlier trials. */
  trial: number;
}

const job = JSON.parse(process.argv[2]) as Job;
const store = new SQLiteMemoryStore({ path: job.path, busyTimeoutMs: 60_000 });

if (job.mode === "write") {
  for (let k = 0; ; k++) {
    process.stdout.write(`begin ${k}\n`);
    await store.append(job.sessionId, crashBatch(job.trial, k));
    process.stdout.write(`ack ${k}\n`);
  }
} else {
  for (let k = 0; ; k++) {
    await store.list(job.sessionId);
    process.stdout.write(`read ${k}\n`);
  }
}
