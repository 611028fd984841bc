import { runJob, type Job } from "./jobs.js";

/** Entry of a child process: runs the job given as JSON in argv[2] and prints its result as JSON. */
const job = JSON.parse(process.argv[2] ?? "null") as Job | null;
if (!job) {
  process.stderr.write("usage: node --expose-gc child.js '<job json>'\n");
  process.exit(2);
}
const result = await runJob(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
