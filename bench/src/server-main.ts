import { serverBench } from "./server/server-bench.js";

/** `npm run bench:server -w @weft/bench`: the server's table alone (`--quick` for tiny sizes). */
process.stdout.write(`${await serverBench(process.argv.includes("--quick"))}\n`);
