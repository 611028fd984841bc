import { afterEach, expect, it } from "vitest";
import { createServer, MemoryStore, type WeftServer } from "../src/index.js";
import { askFlow, threeSteps } from "./fixtures/workflows.js";

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Reads a streamed body until `until` says the text so far is enough (or the stream ends). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, until: (text: string) => boolean, text = ""): Promise<string> {
  const decoder = new TextDecoder();
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

// On @hono/node-server the stream route writes to Node's response itself: the middleware's headers must still be there.
it("streams over a real socket with the CORS headers, every frame once, heartbeats, and ends with the run", async () => {
  server = createServer({ workflows: [threeSteps, askFlow], store: new MemoryStore(), corsOrigins: ["https://app.example"], heartbeat: 0.05 });
  const { url } = await server.listen(0);
  const started = await fetch(`${url}/workflows/Ask/run-nowait`, { method: "POST", body: JSON.stringify({ start_event: { question: "6 × 7?" } }) });
  const id = ((await started.json()) as { handler_id: string }).handler_id;

  const res = await fetch(`${url}/events/${id}`, { headers: { origin: "https://app.example" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-cache");
  expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
  expect(res.headers.get("vary")).toBe("Origin");
  const reader = res.body!.getReader();
  let text = await readUntil(reader, (t) => t.includes("InputRequiredEvent") && t.includes(": heartbeat\n\n"));
  await fetch(`${url}/events/${id}`, { method: "POST", body: JSON.stringify({ event: { type: "HumanResponseEvent", data: { response: "42" } } }) });
  text = await readUntil(reader, () => false, text);

  const frames = text.split("\n\n").filter((f) => f.startsWith("id: "));
  expect(frames.map((f) => /^id: (\d+)$/m.exec(f)![1])).toEqual(["1", "2"]);
  expect(frames.map((f) => JSON.parse(/^data: (.*)$/m.exec(f)![1]) as { type: string; seq: number })).toMatchObject([
    { type: "InputRequiredEvent", seq: 1 },
    { type: "AskResult", seq: 2 },
  ]);

  // NDJSON on the same path, resumed after the first entry
  const ndjson = await (await fetch(`${url}/events/${id}?sse=false&after_sequence=1`)).text();
  expect(ndjson.split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2]);
});

it("a reader that goes away mid-stream leaves no sleeper behind", async () => {
  server = createServer({ workflows: [askFlow], store: new MemoryStore(), heartbeat: 60 });
  const { url } = await server.listen(0);
  const started = await fetch(`${url}/workflows/Ask/run-nowait`, { method: "POST", body: JSON.stringify({ start_event: { question: "?" } }) });
  const id = ((await started.json()) as { handler_id: string }).handler_id;
  const abort = new AbortController();
  const res = await fetch(`${url}/events/${id}`, { signal: abort.signal });
  await readUntil(res.body!.getReader(), (t) => t.includes("InputRequiredEvent"));
  const sleepers = (server.runs.feed as unknown as { sleepers: Map<string, Set<unknown>> }).sleepers;
  expect(sleepers.get(id)?.size).toBe(1);
  abort.abort();
  for (let i = 0; i < 100 && sleepers.has(id); i++) await new Promise((r) => setTimeout(r, 10));
  expect(sleepers.has(id)).toBe(false);
});
