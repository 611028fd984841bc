import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createServer, MemoryStore, type ListenInfo, type WeftServer } from "../src/index.js";
import { WeftClient, WeftClientError, WeftRunError } from "../src/client/index.js";
import { askFlow, failing, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer;
let info: ListenInfo;
beforeAll(async () => {
  server = createServer({ workflows: [threeSteps, askFlow, failing], store: new MemoryStore(), token: "t0k3n", heartbeat: 0.05 });
  info = await server.listen(0);
});
afterAll(() => server.close());

describe("WeftClient over a real socket", () => {
  it("binds 127.0.0.1 by default", () => {
    expect(info.host).toBe("127.0.0.1");
  });

  it("runs a workflow, typed by it", async () => {
    const client = new WeftClient({ baseUrl: info.url, token: "t0k3n" });
    expect(await client.health()).toEqual({ status: "healthy" });
    const ask = client.workflow<typeof askFlow>("Ask");
    const handler = await ask.runNowait({ question: "6*7?" });
    const seen: string[] = [];
    for await (const entry of client.streamEvents(handler.handler_id)) {
      seen.push(entry.type);
      if (entry.type === "InputRequiredEvent") await client.sendEvent(handler.handler_id, { type: "HumanResponseEvent", data: { response: "41" } });
    }
    expect(seen).toEqual(["InputRequiredEvent", "AskResult"]);
    const record = await client.handler<{ correct: boolean }>(handler.handler_id);
    expect(record.result).toEqual({ correct: false, given: "41" });
    const done = await client.workflow<typeof threeSteps>("ThreeSteps").run({ topic: "x" });
    expect(done.result).toBe("X!");
    expectTypeOf(ask.run).parameter(0).toEqualTypeOf<{ question: string; answer?: string | undefined } | undefined>();
  });

  it("throws the server's error, and the run's error from its stream", async () => {
    const anonymous = new WeftClient({ baseUrl: info.url });
    await expect(anonymous.workflows()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    const client = new WeftClient({ baseUrl: info.url, token: "t0k3n" });
    await expect(client.handler("missing")).rejects.toBeInstanceOf(WeftClientError);
    const { handler_id } = await client.runNowait("Failing");
    const reading = (async () => {
      for await (const _ of client.streamEvents(handler_id));
    })();
    await expect(reading).rejects.toBeInstanceOf(WeftRunError);
    await expect(reading).rejects.toThrow("the step broke");
  });

  it("sends heartbeats on an idle SSE stream, and NDJSON with ?sse=false", async () => {
    const client = new WeftClient({ baseUrl: info.url, token: "t0k3n" });
    const { handler_id } = await client.runNowait("Ask", { question: "q" });
    await expect.poll(async () => (await client.handler(handler_id)).status).toBe("waiting");
    const ac = new AbortController();
    const res = await fetch(`${info.url}/events/${handler_id}`, { headers: { authorization: "Bearer t0k3n" }, signal: ac.signal });
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes(": heartbeat")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^id: 1\ndata: \{"type":"InputRequiredEvent","seq":1,/);
    ac.abort();
    await client.cancel(handler_id);
    const nd = await fetch(`${info.url}/events/${handler_id}?sse=false`, { headers: { authorization: "Bearer t0k3n" } });
    const lines = (await nd.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([1]);
  });
});
