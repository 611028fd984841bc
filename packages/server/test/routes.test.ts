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

function parseSse(text: string): { id: string; data: { type: string; seq: number; data: Record<string, unknown> } }[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("id:"))
    .map((frame) => {
      const id = /^id: (.*)$/m.exec(frame)![1];
      return { id, data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]) };
    });
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

  it("runs to the end and gives the result; a failing run gives its error", async () => {
    serve();
    const done = await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "cats" } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "completed", result: "CATS!", workflow_name: "ThreeSteps" });
    const failed = await call("POST", "/workflows/Failing/run", {});
    expect(failed.body).toMatchObject({ status: "failed", error: "the step broke" });
  });

  it("run-nowait answers at once, and a repeated handler_id starts nothing new", async () => {
    serve();
    const first = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?" }, handler_id: "h-1" });
    expect(first).toMatchObject({ status: 200, body: { handler_id: "h-1", status: "running" } });
    const again = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "other" }, handler_id: "h-1" });
    expect(again.body.handler_id).toBe("h-1");
    expect((await call("GET", "/handlers")).body.handlers).toHaveLength(1);
    const other = await call("POST", "/workflows/ThreeSteps/run-nowait", { handler_id: "h-1" });
    expect(other.status).toBe(409);
  });

  it("rejects a start event that fails its schema with a 400 naming the field", async () => {
    serve();
    const bad = await call("POST", "/workflows/Ask/run", { start_event: { question: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("question");
    expect((await call("POST", "/workflows/Ask/run", "{not json")).status).toBe(400);
    const badId = await call("POST", "/workflows/Ask/run-nowait", { handler_id: "../x" });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain("handler_id");
  });
});

describe("events and handlers", () => {
  it("takes a human answer, streams every entry with its seq, and resumes after Last-Event-ID", async () => {
    serve();
    const { body } = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?" } });
    const id = body.handler_id as string;
    await expect.poll(async () => (await call("GET", `/handlers/${id}`)).body.status).toBe("waiting");
    expect((await call("GET", `/handlers/${id}`)).status).toBe(202);

    const wrong = await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: 42 } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain("response");
    const unknown = await call("POST", `/events/${id}`, { event: { type: "Nope", data: {} } });
    expect(unknown.status).toBe(400);

    const sent = await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "42" } } });
    expect(sent).toMatchObject({ status: 202, body: { status: "sent" } });
    const record = await server!.runs.waitForEnd(id);
    expect(record).toMatchObject({ status: "completed", result: { correct: true, given: "42" } });
    expect((await call("GET", `/handlers/${id}`)).status).toBe(200);
    expect((await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "1" } } })).status).toBe(409);

    const all = parseSse((await call("GET", `/events/${id}`)).text);
    expect(all.map((f) => [f.id, f.data.type])).toEqual([
      ["1", "InputRequiredEvent"],
      ["2", "AskResult"],
    ]);
    expect(all[0].data).toEqual({ type: "InputRequiredEvent", seq: 1, data: { prefix: "6*7?" } });
    expect(parseSse((await call("GET", `/events/${id}`, undefined, { "last-event-id": "1" })).text).map((f) => f.id)).toEqual(["2"]);
    expect(parseSse((await call("GET", `/events/${id}?after_sequence=2`)).text)).toEqual([]);
    const ndjson = await call("GET", `/events/${id}?sse=false&after_sequence=1`);
    expect(ndjson.headers.get("content-type")).toContain("application/x-ndjson");
    expect(ndjson.text.trim().split("\n").map((l) => JSON.parse(l).seq)).toEqual([2]);
    expect((await call("GET", `/events/${id}?after_sequence=-1`)).status).toBe(400);
  });

  it("lists handlers by status and workflow, cancels, and purges", async () => {
    serve();
    await call("POST", "/workflows/ThreeSteps/run", {});
    const { body } = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "q" } });
    await expect.poll(async () => (await call("GET", `/handlers/${body.handler_id}`)).body.status).toBe("waiting");
    expect((await call("GET", "/handlers?status=completed")).body.handlers.map((h: { workflow_name: string }) => h.workflow_name)).toEqual(["ThreeSteps"]);
    expect((await call("GET", "/handlers?workflow_name=Ask")).body.handlers).toHaveLength(1);
    expect((await call("GET", "/handlers?status=bogus")).status).toBe(400);
    const cancelled = await call("POST", `/handlers/${body.handler_id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { status: "cancelled" } });
    const purged = await call("POST", `/handlers/${body.handler_id}/cancel?purge=true`);
    expect(purged.status).toBe(200);
    expect((await call("GET", `/handlers/${body.handler_id}`)).status).toBe(404);
    expect((await call("POST", "/handlers/nope/cancel")).status).toBe(404);
  });
});

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
