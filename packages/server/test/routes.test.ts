import { afterEach, describe, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { askFlow, failing, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function serve(options: Partial<Parameters<typeof createServer>[0]> = {}): WeftServer {
  server = createServer({ workflows: [threeSteps, askFlow, failing], store: new MemoryStore(), ...options });
  return server;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await server!.app.request(path, init);
  const text = await res.text();
  const json = res.headers.get("content-type")?.includes("application/json");
  return { status: res.status, body: json && text ? JSON.parse(text) : undefined, text, headers: res.headers };
}

describe("workflow routes", () => {
  it("answers health, the workflow list, schemas and the graph", async () => {
    serve();
    expect(await call("GET", "/health")).toMatchObject({ status: 200, body: { status: "healthy" } });
    expect((await call("GET", "/workflows")).body).toEqual({ workflows: ["ThreeSteps", "Ask", "Failing"] });
    const schema = await call("GET", "/workflows/Ask/schema");
    expect(schema.body.start.properties.question).toMatchObject({ type: "string" });
    expect(schema.body.stop[0].properties.correct).toMatchObject({ type: "boolean" });
    const rep = await call("GET", "/workflows/ThreeSteps/representation");
    expect(rep.body.graph.edges).toContainEqual({ source: "step:first", target: "event:Middle" });
    expect(rep.body.mermaid).toContain("flowchart");
    const events = await call("GET", "/workflows/Ask/events");
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(["AskStart", "InputRequiredEvent", "HumanResponseEvent", "AskResult"]);
    expect((await call("GET", "/workflows/Nope/schema")).body.error.code).toBe("not_found");
  });
});

// running, events, streams, handlers, cancel and context: test/support/route-contract.ts, on every kind of server

describe("security", () => {
  it("checks the bearer token on every route but /health, before anything else", async () => {
    serve({ token: "s3cret" });
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("GET", "/workflows")).status).toBe(401);
    expect((await call("GET", "/workflows", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await call("POST", "/workflows/Nope/run", "{bad", { authorization: "Bearer s3" })).status).toBe(401);
    expect((await call("GET", "/workflows", undefined, { authorization: "Bearer s3cret" })).status).toBe(200);
  });

  it("answers 413 over the body limit", async () => {
    serve({ bodyLimit: 1000 });
    const big = await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "x".repeat(2000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
  });

  it("sends no CORS headers unless an allow-list is given", async () => {
    serve();
    expect((await call("GET", "/workflows", undefined, { origin: "https://evil.example" })).headers.get("access-control-allow-origin")).toBeNull();
    await server!.close();
    serve({ corsOrigins: ["https://app.example"] });
    expect((await call("GET", "/workflows", undefined, { origin: "https://app.example" })).headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect((await call("GET", "/workflows", undefined, { origin: "https://evil.example" })).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("hides internal errors behind a fixed message", async () => {
    const reported: unknown[] = [];
    const store = new MemoryStore();
    store.listHandlers = async () => {
      throw new Error("secret connection string postgres://u:p@h");
    };
    serve({ store, onError: (e) => reported.push(e) });
    const res = await call("GET", "/handlers");
    expect(res.status).toBe(500);
    expect(res.text).not.toContain("secret");
    expect(res.text).not.toContain("at ");
    expect(reported).toHaveLength(1);
  });
});
