import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createServer, MemoryStore, SqliteStore, type WeftServer } from "../src/index.js";
import { AskStart, askFlow } from "./fixtures/workflows.js";

const servers: WeftServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function serve(store: MemoryStore | SqliteStore): WeftServer {
  const server = createServer({ workflows: [askFlow], store });
  servers.push(server);
  return server;
}

async function json(server: WeftServer, method: string, path: string, body?: unknown) {
  const res = await server.app.request(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function waitingAsk(server: WeftServer): Promise<string> {
  const { body } = await json(server, "POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?", answer: "42" } });
  const id = body.handler_id as string;
  await expect.poll(async () => (await json(server, "GET", `/handlers/${id}`)).body.status).toBe("waiting");
  return id;
}

it("GET /handlers/{id}/context gives a waiting run's state live, an ended run's from its journal, 404 for an unknown run, and takes no context", async () => {
  const server = serve(new MemoryStore());
  const id = await waitingAsk(server);
  const waiting = await json(server, "GET", `/handlers/${id}/context`);
  expect(waiting).toMatchObject({ status: 200, body: { handler_id: id, context: { workflow: "Ask", state: { answer: "42" }, run: { waiters: [] } } } });
  await json(server, "POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "42" } } });
  await expect.poll(async () => (await json(server, "GET", `/handlers/${id}`)).body.status).toBe("completed");
  // Ended: the snapshot is gone from the store, the journal's last completed step still has the state.
  expect(await json(server, "GET", `/handlers/${id}/context`)).toEqual({
    status: 200,
    body: { handler_id: id, context: { version: 1, workflow: "Ask", state: { answer: "42" }, store: {}, run: null } },
  });
  expect(await json(server, "GET", "/handlers/nope/context")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  // Read-only: a client cannot hand a run a context.
  for (const method of ["POST", "PUT"]) {
    expect((await json(server, method, `/handlers/${id}/context`, { state: { answer: "0" } })).status).toBe(404);
  }
});

it("a server started again on the store gives a waiting run's state from its journal (not a stale snapshot), and an ended run's", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-context-"));
  dirs.push(dir);
  const file = join(dir, "weft.db");
  const first = serve(new SqliteStore(file));
  const waiting = await waitingAsk(first);
  const ended = await waitingAsk(first);
  await json(first, "POST", `/events/${ended}`, { event: { type: "HumanResponseEvent", data: { response: "7" } } });
  await expect.poll(async () => (await json(first, "GET", `/handlers/${ended}`)).body.status).toBe("completed");
  await first.close();
  // What a SIGKILL leaves: the snapshot stored when the run was created (state { answer: "" }); only the journal
  // knows what the step set.
  const store = new SqliteStore(file);
  await store.migrate();
  const saved = (await store.loadSnapshot(waiting)) as Record<string, unknown>;
  await store.updateHandler((await store.getHandler(waiting))!, { ...saved, state: { answer: "" } });
  await store.close();

  const second = serve(new SqliteStore(file));
  const context = async (id: string) => (await json(second, "GET", `/handlers/${id}/context`)).body.context;
  const waitingContext = await context(waiting);
  expect(waitingContext).toMatchObject({ workflow: "Ask", state: { answer: "42" } });
  // A waiting run's `run` part is the saved one: it has not ended.
  expect(waitingContext.run).toEqual(saved.run);
  expect(await context(ended)).toMatchObject({ state: { answer: "42" }, run: null });
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
    const server = serve(store);
    const { body } = await json(server, "GET", `/handlers/${handler_id}/context`);
    expect(body).toMatchObject({ handler_id, context: { workflow: "Ask", state: { answer: "42" } } });
    expect(server.runs.liveCount).toBe(1);
  } finally {
    // released, not ended: the first server's copy leaves memory and saves its snapshot
    await first.close();
  }
});
