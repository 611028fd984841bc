import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expectTrace } from "@weft/otel";
import { describe, expect, it } from "vitest";
import { startOtlpReceiver } from "@weft/example-support/testing";
import { startChatServer } from "./support/chat-server.js";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const clean = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "", WEFT_MODEL: "" };

function start(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, ["--import", "tsx", "src/main.ts", ...args], { cwd, env: { ...clean, ...env } });
}

describe("npm start", () => {
  it("offline: says so, streams a joke and its critique, prints the trace, and exports it over OTLP", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { stdout } = await start(["--topic", "pirates"], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" });
      expect(stdout).toContain("Model: offline demo model — canned answers from a MockLLM, no network.");
      expect(stdout).toContain("Joke\n────\nWhy couldn't the pirate learn the alphabet? He kept getting lost at C.\n\nCritique\n────────\nStructure:");
      expect(stdout).toMatch(/Trace\n─────\ninvoke_workflow JokeFlow {2}[\d.]+ ms\n├─ step generateJoke/);
      expect(stdout).toMatch(/└─ chat demo-jokester {2}[\d.]+ ms {2}tokens=\d+ in\/\d+ out/);
      expect(stdout).toMatch(/2 LLM calls · \d+ tokens in \/ \d+ out/);
      expect(stdout).toContain(`Spans exported to ${receiver.endpoint}/v1/traces`);
      expect(stdout).toContain(`If that is Studio (npx weft dev), this run is at ${new URL(receiver.endpoint).origin}/#/traces`);

      expectTrace(receiver.spans())
        .toBeOneTrace()
        .toHaveRun("JokeFlow")
        .toHaveLLMCall({ step: "generateJoke", model: "demo-jokester" })
        .toHaveLLMCall({ step: "critiqueJoke", model: "demo-jokester" })
        .toHaveNoErrors();
    } finally {
      await receiver.close();
    }
  });

  it("with OPENAI_BASE_URL: talks to that server and streams its answers", async () => {
    const server = await startChatServer((prompt) => (prompt.startsWith("Write") ? "Server joke about owls." : "Server critique."));
    try {
      const { stdout } = await start(["--topic", "owls", "--verbose"], { OPENAI_BASE_URL: server.baseURL, WEFT_MODEL: "local-model" });
      expect(stdout).toContain(`Model: local-model at ${server.baseURL}`);
      expect(stdout).toContain("Joke\n────\nServer joke about owls.\n\nCritique\n────────\nServer critique.\n");
      expect(stdout).toMatch(/chat local-model {2}[\d.]+ ms {2}tokens=11 in\/22 out {2}finish=stop/);
      expect(stdout).toContain('chat local-model (openai): "Write your best joke about owls."');
      expect(stdout).toContain("See this run in Studio: in another terminal start it with\n  npx weft dev examples/joke-flow/src/served.ts\n");
      expect(server.requests.map((r) => [r.model, r.stream, r.messages.at(-1)?.content])).toEqual([
        ["local-model", true, "Write your best joke about owls."],
        ["local-model", true, "Give a thorough analysis and critique of the following joke: Server joke about owls."],
      ]);
    } finally {
      await server.close();
    }
  });

  it("with a sampler that leaves the run out: runs it and says why there is no trace", async () => {
    const { stdout } = await start(["--topic", "pirates"], { OTEL_TRACES_SAMPLER: "always_off" });
    expect(stdout).toContain("Joke\n────\nWhy couldn't the pirate learn the alphabet?");
    expect(stdout).toContain("Trace\n─────\nno spans: the sampler left this run out (OTEL_TRACES_SAMPLER) or tracing is off (OTEL_SDK_DISABLED)");
  });

  it("explains its arguments", async () => {
    const { stdout } = await start(["--help"], {});
    expect(stdout).toContain("--topic TEXT");
    await expect(start(["--topik", "x"], {})).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--topik'") });
  });
});
