import { afterEach, expect, it } from "vitest";
import { StartEvent } from "@weft/workflows";
import { createServer, MemoryStore, type HandlerRecord, type WeftServer } from "../src/index.js";
import { WeftClient } from "../src/client/index.js";
import { AskStart, askFlow, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveWith(completed: number, waiting: number): Promise<{ server: WeftServer; started: string[] }> {
  server = createServer({ workflows: [threeSteps, askFlow], store: new MemoryStore() });
  await server.ready;
  const started: string[] = [];
  for (let i = 0; i < completed; i++) {
    const { handler_id } = await server.runs.start("ThreeSteps", new StartEvent({ topic: `t${i}` }), undefined);
    started.push(handler_id);
    await server.runs.waitForEnd(handler_id);
  }
  for (let i = 0; i < waiting; i++) {
    const { handler_id } = await server.runs.start("Ask", new AskStart({ question: `q${i}` }), undefined);
    started.push(handler_id);
  }
  for (const id of started.slice(completed)) await expect.poll(async () => (await server!.runs.handler(id)).status).toBe("waiting");
  return { server, started };
}

async function get(path: string): Promise<{ status: number; body: { handlers: HandlerRecord[]; next_cursor: string | null; error?: { message: string } } }> {
  const res = await server!.app.request(path);
  return { status: res.status, body: (await res.json()) as { handlers: HandlerRecord[]; next_cursor: string | null; error?: { message: string } } };
}

it("GET /handlers pages newest first by the time-ordered id, 100 by default, following next_cursor to the end", async () => {
  const { started } = await serveWith(105, 0);
  const newestFirst = [...started].reverse();
  const first = await get("/handlers");
  expect(first.body.handlers.map((h) => h.handler_id)).toEqual(newestFirst.slice(0, 100));
  expect(first.body.next_cursor).toEqual(expect.any(String));
  const rest = await get(`/handlers?cursor=${first.body.next_cursor}`);
  expect(rest.body.handlers.map((h) => h.handler_id)).toEqual(newestFirst.slice(100));
  expect(rest.body.next_cursor).toBeNull();

  const seen: string[] = [];
  let cursor: string | null = "";
  do {
    const page = await get(`/handlers?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.body.handlers.length).toBeLessThanOrEqual(7);
    seen.push(...page.body.handlers.map((h) => h.handler_id));
    cursor = page.body.next_cursor;
  } while (cursor);
  expect(seen).toEqual(newestFirst);
});

it("keeps the filters across pages, with live statuses (waiting runs are filtered as they are now)", async () => {
  const { started } = await serveWith(3, 4);
  const waiting = started.slice(3).reverse();
  const first = await get("/handlers?status=waiting&limit=3");
  expect(first.body.handlers.map((h) => h.handler_id)).toEqual(waiting.slice(0, 3));
  const second = await get(`/handlers?status=waiting&limit=3&cursor=${first.body.next_cursor}`);
  expect(second.body).toEqual({ handlers: [expect.objectContaining({ handler_id: waiting[3], status: "waiting" })], next_cursor: null });
  const completed = await get("/handlers?status=completed&workflow_name=ThreeSteps&limit=2");
  expect(completed.body.handlers.map((h) => h.handler_id)).toEqual([started[2], started[1]]);
  expect((await get("/handlers?workflow_name=Ask&limit=1000")).body.handlers).toHaveLength(4);
});

it("refuses a limit out of range or a cursor it did not give, naming the parameter", async () => {
  server = createServer({ workflows: [threeSteps], store: new MemoryStore() });
  for (const bad of ["limit=0", "limit=1001", "limit=ten", "limit=-1"]) {
    const res = await get(`/handlers?${bad}`);
    expect(res.status, bad).toBe(400);
    expect(res.body.error!.message).toMatch(/^limit: .*1 to 1000/);
  }
  for (const bad of ["cursor=%25%25", "cursor=x", `cursor=${"A".repeat(401)}`]) {
    const res = await get(`/handlers?${bad}`);
    expect(res.status, bad).toBe(400);
    expect(res.body.error!.message).toMatch(/^cursor: /);
  }
});

it("WeftClient reads one page or follows the pages to the end", async () => {
  const { started } = await serveWith(5, 1);
  const info = await server!.listen(0);
  const client = new WeftClient({ baseUrl: info.url });
  const page = await client.handlersPage({ workflowName: "ThreeSteps", limit: 2 });
  expect(page.handlers.map((h) => h.handler_id)).toEqual([started[4], started[3]]);
  const next = await client.handlersPage({ workflowName: "ThreeSteps", limit: 2, cursor: page.next_cursor! });
  expect(next.handlers.map((h) => h.handler_id)).toEqual([started[2], started[1]]);
  expect((await client.handlers({ status: "completed" })).map((h) => h.handler_id)).toEqual(started.slice(0, 5).reverse());
  expect((await client.handlers()).map((h) => h.handler_id)).toEqual([...started].reverse());
  // past one page of the largest size: handlers() follows next_cursor
  const more = await Promise.all(Array.from({ length: 1000 }, (_, i) => server!.runs.start("ThreeSteps", new StartEvent({ topic: `m${i}` }), undefined)));
  const all = await client.handlers();
  expect(all).toHaveLength(1006);
  expect(new Set(all.map((h) => h.handler_id)).size).toBe(1006);
  expect(all[0].handler_id).toBe(more[999].handler_id);
});
