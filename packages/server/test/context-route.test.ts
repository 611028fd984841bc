import { afterEach, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { AskStart, askFlow } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function json(method: string, path: string, body?: unknown) {
  const res = await server!.app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

it("GET /handlers/{id}/context gives the run's state and store, live, null once the run ended, 404 for an unknown run", async () => {
  server = createServer({ workflows: [askFlow], store: new MemoryStore() });
  const { body } = await json("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?", answer: "42" } });
  const id = body.handler_id as string;
  await expect.poll(async () => (await json("GET", `/handlers/${id}`)).body.status).toBe("waiting");
  const waiting = await json("GET", `/handlers/${id}/context`);
  expect(waiting).toMatchObject({ status: 200, body: { handler_id: id, context: { workflow: "Ask", state: { answer: "42" } } } });
  await json("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "42" } } });
  await expect.poll(async () => (await json("GET", `/handlers/${id}`)).body.status).toBe("completed");
  // An ended run's context is not kept (the store drops its snapshot): null, not an error.
  expect(await json("GET", `/handlers/${id}/context`)).toMatchObject({ status: 200, body: { handler_id: id, context: null } });
  expect(await json("GET", "/handlers/nope/context")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
});

it("rebuilds the context of a waiting run whose process stopped without saving it (as after kill -9)", async () => {
  const store = new MemoryStore();
  // the first server is never closed before the second reads: nothing but its journal was saved
  const first = createServer({ workflows: [askFlow], store });
  try {
    await first.ready;
    const { handler_id } = await first.runs.start("Ask", new AskStart({ question: "6*7?", answer: "42" }), undefined);
    await expect.poll(async () => (await first.runs.handler(handler_id)).status).toBe("waiting");
    await expect.poll(() => store.getHandler(handler_id).then((r) => r?.status)).toBe("waiting");
    expect(await store.loadSnapshot(handler_id)).toBeNull();
    server = createServer({ workflows: [askFlow], store });
    const { body } = await json("GET", `/handlers/${handler_id}/context`);
    expect(body).toMatchObject({ handler_id, context: { workflow: "Ask", state: { answer: "42" } } });
    expect(server.runs.liveCount).toBe(1);
  } finally {
    // released, not ended: the first server's copy leaves memory and saves its snapshot
    await first.close();
  }
});
