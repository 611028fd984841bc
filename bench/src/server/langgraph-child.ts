import { fileURLToPath } from "node:url";
import { startServer } from "@langchain/langgraph-api/server";
import { answerCpuQueries } from "./cpu-probe.js";

/**
 * LangGraph's JS Agent Server (in memory, as `langgraph dev` runs it) in a process of its own:
 * `node langgraph-child.js <working dir>`; prints its URL. Workers: 10, `langgraph dev`'s default.
 */
const cwd = process.argv[2] ?? process.cwd();
const graphFile = fileURLToPath(new URL("./langgraph-graph.js", import.meta.url));
const { host } = await startServer({ port: 0, nWorkers: 10, host: "127.0.0.1", cwd, graphs: { three_steps: `${graphFile}:graph` } });
process.stdout.write(`http://${host}\n`);
answerCpuQueries();
process.once("SIGTERM", () => process.exit(0));
