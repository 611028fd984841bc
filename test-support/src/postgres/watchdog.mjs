// Stops a test PostgreSQL server and deletes its folder once the process that started it is gone, however it
// ended (tests failed, Ctrl-C, SIGKILL). Started detached, so the terminal's Ctrl-C does not reach it.
// argv: <pid of the test process> <server folder> <data folder>
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const [ownerPid, dir, data] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

while (existsSync(dir) && alive(ownerPid)) await sleep(500);
if (existsSync(dir)) {
  const pidFile = join(data, "postmaster.pid");
  const serverPid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : NaN;
  if (serverPid > 0 && alive(serverPid)) {
    process.kill(serverPid, "SIGQUIT"); // immediate shutdown: the data is thrown away anyway
    for (let i = 0; i < 40 && alive(serverPid); i++) await sleep(250);
    if (alive(serverPid)) process.kill(serverPid, "SIGKILL");
  }
  rmSync(dir, { recursive: true, force: true });
}
