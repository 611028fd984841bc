import { afterEach, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { askFlow, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function call(method: string, path: string, body?: unknown) {
  const res = await server!.app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

it("a memory store keeps the last `retain` ended runs, forgets older ones with their journals, and keeps waiting runs", async () => {
  const store = new MemoryStore({ retain: 2 });
  server = createServer({ workflows: [threeSteps, askFlow], store });
  const waiting = (await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6 × 7?" } })).body.handler_id as string;
  const ended: string[] = [];
  for (let i = 0; i < 3; i++) ended.push((await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: `t${i}` } })).body.handler_id as string);

  const forgotten = await call("GET", `/handlers/${ended[0]}`);
  expect(forgotten.status).toBe(404);
  expect(forgotten.body.error).toEqual({ code: "not_found", message: `no handler "${ended[0]}"` });
  expect(await store.journal(ended[0])).toEqual([]);
  expect(await store.entries(ended[0], 0, 10)).toEqual([]);
  for (const id of ended.slice(1)) expect(await call("GET", `/handlers/${id}`)).toMatchObject({ status: 200, body: { status: "completed" } });
  expect((await store.journal(ended[2])).length).toBeGreaterThan(0);
  // not ended: kept whatever the count, and it still takes its answer
  expect(await call("GET", `/handlers/${waiting}`)).toMatchObject({ status: 202, body: { status: "waiting" } });
  expect((await call("POST", `/events/${waiting}`, { event: { type: "HumanResponseEvent", data: { response: "42" } } })).status).toBe(202);
  const answered = await server.runs.waitForEnd(waiting);
  expect(answered).toMatchObject({ status: "completed", result: { correct: true } });
  // its end makes it the newest ended run: the oldest of the two kept is forgotten
  expect((await call("GET", `/handlers/${ended[1]}`)).status).toBe(404);
  expect((await call("GET", "/handlers")).body.handlers).toEqual([
    expect.objectContaining({ handler_id: ended[2] }),
    expect.objectContaining({ handler_id: waiting }),
  ]);
});

it("store \"memory\" takes retain from createServer; other stores and bad counts are refused, naming the option", () => {
  expect(() => createServer({ workflows: [threeSteps], store: ":memory:", retain: 5 })).toThrow('retain applies to the memory store only (the store is ":memory:"');
  expect(() => createServer({ workflows: [threeSteps], store: new MemoryStore(), retain: 5 })).toThrow("new MemoryStore({ retain })");
  expect(() => new MemoryStore({ retain: -1 })).toThrow("MemoryStore: retain must be a whole number >= 0 (got -1)");
  expect(new MemoryStore().retain).toBe(10_000);
});
