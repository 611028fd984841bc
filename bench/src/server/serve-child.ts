import { createServer, MemoryStore } from "@weft/server";
import { broadcastFlow, threeStepFlow } from "./bench-flows.js";
import { answerCpuQueries } from "./cpu-probe.js";

/** The server under test, in a process of its own: `node serve-child.js <memory | sqlite file>`; prints its URL. */
const where = process.argv[2] ?? "memory";
const server = createServer({ workflows: [threeStepFlow, broadcastFlow], store: where === "memory" ? new MemoryStore() : where, heartbeat: 5 });
const { url } = await server.listen(0);
process.stdout.write(`${url}\n`);
answerCpuQueries();
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
