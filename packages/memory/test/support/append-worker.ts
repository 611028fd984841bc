// A separate process appending to one session through Memory; started by the multi-process tests.
// Waits for "go" on stdin so all writers start together, then puts `count` turns and exits.
import { createInterface } from "node:readline";
import { Memory, type MemoryBlock, type MemoryStore } from "../../src/index.js";
import { PostgresMemoryStore } from "../../src/postgres.js";
import { SQLiteMemoryStore } from "../../src/sqlite.js";
import { wordTokenizer } from "./word-tokenizer.js";

interface Job {
  store: "sqlite" | "postgres";
  target: string;
  sessionId: string;
  writer: string;
  count: number;
}

const job = JSON.parse(process.argv[2]) as Job;
const store: MemoryStore =
  job.store === "sqlite" ? new SQLiteMemoryStore({ path: job.target, busyTimeoutMs: 60_000 }) : new PostgresMemoryStore({ connectionString: job.target });
// A small budget, so writers also flush concurrently into a persisted block.
const memory = Memory.fromDefaults({
  sessionId: job.sessionId,
  store,
  tokenizer: wordTokenizer,
  tokenLimit: 200,
  chatHistoryTokenRatio: 0.5,
  tokenFlushSize: 30,
  blocks: [ledger()],
});

/** Records every message handed to it, without deduplicating, so a turn handed on twice shows. */
function ledger(): MemoryBlock {
  return {
    name: "ledger",
    priority: 1,
    get: async () => "",
    put: async ({ state, messages }) => {
      await state.update((current) => [...((current as string[] | undefined) ?? []), ...messages.map((m) => String(m.content))]);
    },
  };
}

const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  for (let i = 0; i < job.count; i++) {
    await memory.put({ role: "user", content: `${job.writer} question ${i}` });
    await memory.put({ role: "assistant", content: `${job.writer} answer ${i}` });
  }
  await store.close();
  process.stdout.write("done\n");
  lines.close();
}
