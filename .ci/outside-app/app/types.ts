// Compiled with strict, skipLibCheck: false, under nodenext and bundler resolution.
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow, type WorkflowHandler } from "@weft/workflows";
import { MockLLM, type LLM } from "@weft/llm";
import { Memory, type MemoryStore } from "@weft/memory";
import { PostgresMemoryStore, type PostgresMemoryStoreOptions } from "@weft/memory/postgres";
import { SQLiteMemoryStore } from "@weft/memory/sqlite";
import { registerTracing, type TracingHandle } from "@weft/otel";

const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
const joke: string = new JokeEvent({ joke: "x" }).joke;
const llm: LLM = new MockLLM({ responses: ["a"] });
const flow = new Workflow({ name: "T" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: joke }));
const handler: WorkflowHandler<unknown> = flow.run();
const tracing: TracingHandle = registerTracing({ exporter: "none" });
const memory: Memory = Memory.fromDefaults({ sessionId: "s" });
const options: PostgresMemoryStoreOptions = { connectionString: "postgresql://localhost/x", config: { max: 4 } };
const stores: MemoryStore[] = [new PostgresMemoryStore(options), new SQLiteMemoryStore("x.db")];

// The pool and config options are typed without pg's types installed: nonsense does not compile.
// @ts-expect-error a string is no pool
new PostgresMemoryStore({ pool: "nonsense" });
// @ts-expect-error max is a number
new PostgresMemoryStore({ config: { max: "many" } });

export { handler, llm, memory, stores, tracing };
