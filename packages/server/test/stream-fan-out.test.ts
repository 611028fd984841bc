import { connect } from "node:net";
import { z } from "zod";
import { defineEvent, HumanResponseEvent, InputRequiredEvent, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { afterEach, expect, it, vi } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { AskStart, askFlow, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const Beat = defineEvent("Beat", { i: z.number() });
let next: () => void = () => undefined;
/** Writes five entries, each once the test says so. */
const paced = new Workflow({ name: "Paced", timeout: 10 }).step("beat", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
  for (let i = 1; i <= 5; i++) {
    await new Promise<void>((resolve) => (next = resolve));
    ctx.writeEventToStream(new Beat({ i }));
  }
  return new StopEvent({ result: "done" });
});

it("a reader of a live run arms one wake-up per wait, not one more per entry it takes", async () => {
  server = createServer({ workflows: [paced], store: new MemoryStore() });
  await server.ready;
  const { handler_id: id } = await server.runs.start("Paced", new StartEvent({}), undefined);
  const arm = vi.spyOn(server.runs.feed, "arm");
  const seen: number[] = [];
  const reading = (async () => {
    for await (const entry of server!.runs.read(id, 0, 60_000, new AbortController().signal)) if (entry) seen.push(entry.seq);
  })();
  const sleepers = (server.runs.feed as unknown as { sleepers: Map<string, Set<unknown>> }).sleepers;
  for (let i = 1; i <= 5; i++) {
    await expect.poll(() => seen.length === i - 1 && sleepers.get(id)?.size === 1).toBe(true);
    next();
  }
  await reading;
  expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  // a wait before each beat and the end, plus the wake-ups of the record's own writes: not two per entry
  expect(arm.mock.calls.length).toBeLessThanOrEqual(8);
});

/** The answers on one connection, each de-chunked strictly (a chunk's size must match its bytes). */
function chunkedBodies(raw: string, count: number): string[] | undefined {
  const bodies: string[] = [];
  let at = 0;
  while (bodies.length < count) {
    const headEnd = raw.indexOf("\r\n\r\n", at);
    if (headEnd < 0) return undefined;
    if (!/\r\ntransfer-encoding: chunked\r\n/i.test(raw.slice(at, headEnd + 2))) throw new Error(`not chunked: ${raw.slice(at, headEnd)}`);
    at = headEnd + 4;
    let body = "";
    for (;;) {
      const line = raw.indexOf("\r\n", at);
      if (line < 0) return undefined;
      const size = Number.parseInt(raw.slice(at, line), 16);
      if (raw.length < line + 2 + size + 2) return undefined;
      if (raw.slice(line + 2 + size, line + 4 + size) !== "\r\n") throw new Error(`chunk of ${size} bytes not followed by CRLF`);
      at = line + 4 + size;
      if (size === 0) break;
      body += raw.slice(line + 2, line + 2 + size);
    }
    bodies.push(body);
  }
  return bodies;
}

// the second answer waits behind the first one, so it goes through Node's own chunking, the first straight to the socket
it("streams pipelined on one connection each arrive whole, in valid chunks", async () => {
  server = createServer({ workflows: [threeSteps], store: new MemoryStore() });
  const { url } = await server.listen(0);
  const started = await fetch(`${url}/workflows/ThreeSteps/run`, { method: "POST", body: JSON.stringify({ start_event: { topic: "x" } }) });
  const id = ((await started.json()) as { handler_id: string }).handler_id;
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.setEncoding("latin1");
  let raw = "";
  socket.on("data", (chunk: string) => (raw += chunk));
  socket.write(`GET /events/${id} HTTP/1.1\r\nhost: x\r\n\r\nGET /events/${id}?sse=false HTTP/1.1\r\nhost: x\r\n\r\n`);
  let bodies: string[] | undefined;
  await expect.poll(() => (bodies = chunkedBodies(raw, 2))).toBeDefined();
  socket.destroy();
  const [sse, ndjson] = bodies!;
  expect(sse.split("\n\n").filter(Boolean).map((f) => /^id: (\d+)\ndata: /.exec(f)?.[1])).toEqual(["1", "2", "3", "4"]);
  expect(ndjson.split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
});

it("a reader woken by a status change with no new entry sends no keep-alive before heartbeatMs", async () => {
  server = createServer({ workflows: [askFlow], store: new MemoryStore() });
  await server.ready;
  const { handler_id: id } = await server.runs.start("Ask", new AskStart({ question: "6 × 7?" }), undefined);
  const got: (string | null)[] = [];
  const reading = (async () => {
    for await (const entry of server!.runs.read(id, 0, 60_000, new AbortController().signal)) got.push(entry && entry.type);
  })();
  await expect.poll(() => got).toEqual(["InputRequiredEvent"]);
  // waiting → running is a record change that wakes the reader
  await server.runs.deliver(id, { type: "HumanResponseEvent", data: { response: "42" } }, undefined);
  await reading;
  expect(got).toEqual(["InputRequiredEvent", "AskResult"]);
});

let answered: () => void = () => undefined;
/** Asks, then holds the answer until the test lets it go: running, with nothing new in its stream. */
const held = new Workflow({ name: "Held", timeout: 10 })
  .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
  .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, async (ev) => {
    await new Promise<void>((resolve) => (answered = resolve));
    return new StopEvent({ result: ev.response });
  });

it("a run's status change (waiting → running) wakes none of its readers", async () => {
  server = createServer({ workflows: [held], store: new MemoryStore() });
  await server.ready;
  const { handler_id: id } = await server.runs.start("Held", new StartEvent({}), undefined);
  await expect.poll(async () => (await server!.runs.handler(id)).status).toBe("waiting");
  const notify = vi.spyOn(server.runs.feed, "notify");
  await server.runs.deliver(id, { type: "HumanResponseEvent", data: { response: "ok" } }, undefined);
  await expect.poll(async () => (await server!.runs.handler(id)).status).toBe("running");
  expect(notify).not.toHaveBeenCalled();
  answered();
  expect(await server.runs.waitForEnd(id)).toMatchObject({ status: "completed", result: "ok" });
});
