import { EventEmitter, getEventListeners } from "node:events";
import { connect } from "node:net";
import { StartEvent } from "@weft/workflows";
import { afterEach, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { connectionSignal } from "../src/http/connection-signal.js";
import { AskStart, askFlow, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

class FakeSocket extends EventEmitter {
  destroyed = false;
}

it("one signal per connection, aborted when it closes (at once when it is closed already)", () => {
  const socket = new FakeSocket();
  const signal = connectionSignal(socket);
  expect(connectionSignal(socket)).toBe(signal);
  expect(signal.aborted).toBe(false);
  socket.emit("close");
  expect(signal.aborted).toBe(true);
  const closed = new FakeSocket();
  closed.destroyed = true;
  expect(connectionSignal(closed).aborted).toBe(true);
});

// what makes one signal per connection safe: a request's wait takes its listener off again
it("waiting for a run's end leaves no listener on the connection's signal", async () => {
  server = createServer({ workflows: [threeSteps], store: new MemoryStore() });
  await server.ready;
  const signal = connectionSignal(new FakeSocket());
  for (let i = 0; i < 3; i++) {
    const { handler_id } = await server.runs.start("ThreeSteps", new StartEvent({}), undefined);
    expect(await server.runs.waitForEnd(handler_id, signal)).toMatchObject({ status: "completed" });
  }
  expect(getEventListeners(signal, "abort")).toHaveLength(0);
});

it("POST /run stops waiting when its client closes the connection", async () => {
  let now = Date.parse("2026-01-01T00:00:00Z");
  server = createServer({ workflows: [askFlow], store: new MemoryStore(), idleTimeout: 60, clock: () => now });
  const { url } = await server.listen(0);
  const { handler_id: id } = await server.runs.start("Ask", new AskStart({ question: "?" }), undefined);
  await expect.poll(async () => (await server!.runs.handler(id)).status).toBe("waiting");
  // out of memory: the request waits on the store's news, which holds a sleeper until the client goes
  now += 61_000;
  expect(await server.runs.releaseIdle()).toBe(1);
  const sleepers = (server.runs.feed as unknown as { sleepers: Map<string, Set<unknown>> }).sleepers;

  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const body = JSON.stringify({ handler_id: id, start_event: { question: "?" } });
  socket.write(`POST /workflows/Ask/run HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
  await expect.poll(() => sleepers.get(id)?.size ?? 0).toBe(1);
  socket.destroy();
  await expect.poll(() => sleepers.has(id)).toBe(false);
});
