// Starts a test server, prints what the parent needs to check it, then waits to be killed.
import { startPostgres } from "../../src/postgres/start-postgres.js";

const server = await startPostgres();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
setInterval(() => {}, 60_000);
