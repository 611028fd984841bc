import { dbosBench } from "./dbos/dbos-bench.js";

/** `npm run bench:dbos -w @weft/bench`: the @weft/dbos table alone (`--quick` for tiny sizes). */
process.stdout.write(`${await dbosBench(process.argv.includes("--quick"))}\n`);
