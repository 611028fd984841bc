import { createStudio, type Studio } from "@weft/studio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer } from "../src/cli/dev-server.js";
import { MemoryStore, type WeftServer } from "../src/index.js";
import { askFlow } from "./fixtures/workflows.js";

const TOKEN = "studio-test-token";
const MB = 1024 * 1024;
let studio: Studio;
let server: WeftServer;
let url: string;

beforeAll(async () => {
  studio = createStudio({ traces: "memory" });
  server = createDevServer(studio, { workflows: [askFlow], store: new MemoryStore(), token: TOKEN });
  url = (await server.listen(0)).url;
});
afterAll(async () => {
  await server.close();
  await studio.close();
});

const authorized = { authorization: `Bearer ${TOKEN}` };

/** An OTLP/JSON request of one span whose attribute pads the body to `bytes`. */
function otlpOf(bytes: number, traceId: string): string {
  const span = (pad: string) => ({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: "cd".repeat(8), name: "padded", startTimeUnixNano: "1700000000000000000", endTimeUnixNano: "1700000000500000000", attributes: [{ key: "pad", value: { stringValue: pad } }] }] }] }] });
  const frame = JSON.stringify(span("")).length;
  return JSON.stringify(span("x".repeat(bytes - frame)));
}

describe("weft dev's server", () => {
  it("with --token serves the page and its assets without it, and every API route only with it", async () => {
    for (const path of ["/", "/studio/assets/studio.js", "/studio/assets/studio.css"]) expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    const api = [
      ["GET", "/workflows"],
      ["GET", "/handlers"],
      ["GET", "/studio/api/traces"],
      ["GET", `/studio/api/traces/${"ab".repeat(16)}`],
      ["POST", "/v1/traces"],
    ] as const;
    for (const [method, path] of api) {
      const refused = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json", authorization: "Bearer wrong" }, body: method === "POST" ? "{}" : undefined });
      expect(refused.status, `${method} ${path}`).toBe(401);
    }
    expect((await fetch(`${url}/studio/api/traces`, { headers: authorized })).status).toBe(200);
    expect((await fetch(`${url}/workflows`, { headers: authorized })).status).toBe(200);
  });

  it("without a token serves the page and the API alike", async () => {
    const open = createDevServer(studio, { workflows: [askFlow], store: new MemoryStore() });
    try {
      for (const path of ["/", "/studio/assets/studio.js", "/workflows", "/studio/api/traces"]) expect((await open.app.request(path)).status, path).toBe(200);
    } finally {
      await open.close();
    }
  });

  it("takes OTLP bodies over the server's 1 MB up to Studio's 4 MB, and 413s above it; the server's routes keep 1 MB", async () => {
    const traceId = "ef".repeat(16);
    const post = (path: string, body: string) => fetch(`${url}${path}`, { method: "POST", headers: { ...authorized, "content-type": "application/json" }, body });
    const justOver1 = otlpOf(MB + 64 * 1024, traceId);
    expect(justOver1.length).toBeGreaterThan(MB);
    expect((await post("/v1/traces", justOver1)).status).toBe(200);
    expect(studio.store.trace(traceId)).toHaveLength(1);

    const over4 = await post("/v1/traces", otlpOf(4 * MB + 1, "12".repeat(16)));
    expect(over4.status).toBe(413);
    expect(((await over4.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    expect(studio.store.trace("12".repeat(16))).toHaveLength(0);

    const start = await post("/workflows/Ask/run-nowait", JSON.stringify({ start_event: { question: "x".repeat(MB + 64 * 1024) } }));
    expect(start.status).toBe(413);
  });
});
