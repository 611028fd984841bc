import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const WEFT_BIN = fileURLToPath(new URL("../../../server/dist/cli/weft.js", import.meta.url));

export interface WeftDev {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `weft dev <module>` as a real process on a free port, stores in `dir`, with `args` added (`--token`), and
 * resolves once it prints where Studio is.
 */
export function startWeftDev(module: string, dir: string, { args = [], timeoutMs = 60_000 }: { args?: string[]; timeoutMs?: number } = {}): Promise<WeftDev> {
  const child = spawn(process.execPath, [WEFT_BIN, "dev", module, "--port", "0", "--store", `${dir}/weft.db`, "--traces", `${dir}/traces.db`, ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OTEL_TRACES_EXPORTER: "", OTEL_EXPORTER_OTLP_ENDPOINT: "", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" },
  });
  let output = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`weft dev did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Studio on (http:\/\/\S+?)\/? /.exec(output);
      if (!found) return;
      clearTimeout(timer);
      resolve({ url: found[1], child, output: () => output, stop });
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`weft dev exited with ${code}:\n${output}`));
    });
  });
}
