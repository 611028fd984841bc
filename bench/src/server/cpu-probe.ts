/**
 * Lets the bench ask a server process for its CPU time (user + system, µs) over IPC: divided by the runs served, it
 * is the server's cost per run, which a shared machine's load does not inflate the way it inflates wall time.
 */
export function answerCpuQueries(): void {
  process.on("message", (message) => {
    if (message !== "cpu") return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system });
  });
  // the IPC channel must not keep a stopped server alive
  process.channel?.unref();
}
