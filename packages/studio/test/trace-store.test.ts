import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStudio, MemoryTraceStore, SqliteTraceStore, type StoredSpan, type TraceRetention, type TraceStore } from "../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function span(traceNo: number, spanNo: number, parent: number | null, startMs: number, extra: Partial<StoredSpan> = {}): StoredSpan {
  return {
    traceId: traceNo.toString(16).padStart(32, "0"),
    spanId: spanNo.toString(16).padStart(16, "0"),
    parentSpanId: parent === null ? "" : parent.toString(16).padStart(16, "0"),
    name: `span ${spanNo}`,
    kind: 0,
    startMs,
    endMs: startMs + 10,
    attributes: { n: spanNo },
    events: [],
    status: { code: 0, message: "" },
    service: "svc",
    scope: "test",
    ...extra,
  };
}
const tid = (n: number) => n.toString(16).padStart(32, "0");

const stores: [string, (r: TraceRetention) => TraceStore][] = [
  ["memory", (r) => new MemoryTraceStore(r)],
  [
    "sqlite",
    (r) => {
      const dir = mkdtempSync(join(tmpdir(), "weft-studio-store-"));
      dirs.push(dir);
      return new SqliteTraceStore(join(dir, "traces.db"), r);
    },
  ],
];

describe.each(stores)("%s trace store", (_name, open) => {
  it("keeps a trace's spans in start order and sums it up by its root, also when the root arrives last", () => {
    const store = open({});
    store.add([span(1, 2, 1, 105, { status: { code: 2, message: "boom" } }), span(1, 3, 2, 103)]);
    expect(store.traces()[0]).toMatchObject({ traceId: tid(1), spanCount: 2, errorCount: 1 });
    store.add([span(1, 1, null, 100, { name: "root" })]);
    expect(store.trace(tid(1)).map((s) => s.spanId.slice(-1))).toEqual(["1", "3", "2"]);
    expect(store.traces()[0]).toMatchObject({ name: "root", startMs: 100, endMs: 115, spanCount: 3, errorCount: 1 });
    // The same span sent twice (an exporter retrying) replaces, and is not counted again.
    store.add([span(1, 3, 2, 103)]);
    expect(store.traces()[0].spanCount).toBe(3);
    expect(store.trace(tid(9))).toEqual([]);
    store.close();
  });

  it("is what GET /studio/api/traces/{id} answers: the spans in start order, a span sent again once", async () => {
    const studio = createStudio({ traces: open({}) });
    studio.store.add([span(3, 2, 1, 105), span(3, 1, null, 100, { name: "root" }), span(3, 3, 2, 103)]);
    studio.store.add([span(3, 3, 2, 103, { name: "sent again" })]);
    const res = await studio.app.request(`/studio/api/traces/${tid(3)}`);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { trace_id: string; spans: StoredSpan[] };
    expect(body.trace_id).toBe(tid(3));
    expect(body.spans.map((s) => s.name)).toEqual(["root", "sent again", "span 2"]);
    expect(body.spans).toEqual(studio.store.trace(tid(3)));
    expect((await studio.app.request(`/studio/api/traces/${tid(4)}`)).status).toBe(404);
    // Brief: what the timeline shows; one span whole on its own route.
    const long = { "input.value": "a long prompt ".repeat(100), "weft.step.name": "ask" };
    studio.store.add([span(3, 4, 1, 101, { attributes: long })]);
    const brief = (await (await studio.app.request(`/studio/api/traces/${tid(3)}?brief=true`)).json()) as { spans: StoredSpan[] };
    expect(brief.spans.find((s) => s.spanId.endsWith("4"))!.attributes).toEqual({ "weft.step.name": "ask" });
    const whole = await studio.app.request(`/studio/api/traces/${tid(3)}/spans/${"4".padStart(16, "0")}`);
    expect(((await whole.json()) as StoredSpan).attributes).toEqual(long);
    expect((await studio.app.request(`/studio/api/traces/${tid(3)}/spans/${"9".padStart(16, "0")}`)).status).toBe(404);
    expect((await studio.app.request(`/studio/api/traces/${tid(3)}/spans/nope`)).status).toBe(400);
    await studio.close();
  });

  it("keeps at most maxTraces, dropping the least recently seen", () => {
    const store = open({ maxTraces: 2 });
    store.add([span(1, 1, null, 100)]);
    store.add([span(2, 2, null, 200)]);
    store.add([span(1, 3, 1, 101)]); // trace 1 seen again: now trace 2 is the oldest seen
    store.add([span(3, 4, null, 300)]);
    expect(store.traces().map((t) => t.traceId)).toEqual([tid(3), tid(1)]);
    expect(store.trace(tid(2))).toEqual([]);
    store.close();
  });

  it("drops traces older than maxAgeSeconds by its clock", () => {
    let now = 1_000_000;
    const store = open({ maxAgeSeconds: 60, clock: () => now });
    store.add([span(1, 1, null, 100)]);
    now += 30_000;
    store.add([span(2, 2, null, 200)]);
    now += 31_000;
    store.trim();
    expect(store.traces().map((t) => t.traceId)).toEqual([tid(2)]);
    expect(store.traces({ service: "other" })).toEqual([]);
    store.close();
  });
});

it("a SQLite trace store keeps its traces across a reopen", () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-studio-store-"));
  dirs.push(dir);
  const first = new SqliteTraceStore(join(dir, "t.db"));
  first.add([span(7, 1, null, 100, { attributes: { nested: [1, 2], ok: true } })]);
  first.close();
  const again = new SqliteTraceStore(join(dir, "t.db"));
  expect(again.trace(tid(7))[0].attributes).toEqual({ nested: [1, 2], ok: true });
  again.close();
});
