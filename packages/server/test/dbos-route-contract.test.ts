import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DBOSRuntime } from "@weft/dbos";
import { StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { createServer, MemoryStore } from "../src/index.js";
import { askFlow, failing, threeSteps } from "./fixtures/workflows.js";
import { describeRouteContract } from "./support/route-contract.js";
import { setupTracing } from "./support/tracing.js";

let pg: RunningPostgres | undefined;
let runtime: DBOSRuntime;
const workflows = [threeSteps, askFlow, failing];

beforeAll(async () => {
  pg = await startPostgres();
  runtime = await DBOSRuntime.launch({ databaseUrl: pg.url, workflows, pollMs: 50 });
}, 120_000);
afterAll(async () => {
  try {
    await runtime?.close();
  } finally {
    pg?.stop();
  }
}, 60_000);

describeRouteContract(
  "runs on DBOS, this process one of their workers",
  async () => createServer({ workflows, runtime }),
  (server) => server.close(),
);

describe("createServer with a runtime that owns runs", () => {
  it("starts runs as DBOS workflows journaled in PostgreSQL, keeping no run of its own", async () => {
    const server = createServer({ workflows, runtime });
    try {
      const res = await server.app.request("/workflows/ThreeSteps/run", { method: "POST", body: JSON.stringify({ start_event: { topic: "dbos" } }) });
      const { handler_id } = (await res.json()) as { handler_id: string };
      // the journal's run.ended answers the request; DBOS stores the workflow's output just after
      expect(await runtime.result(handler_id)).toEqual({ status: "completed", result: "DBOS!" });
      expect(await runtime.status(handler_id)).toBe("completed");
      expect((await runtime.journal(handler_id)).at(-1)).toMatchObject({ type: "run.ended", status: "completed" });
      // a second server (another process would do the same) sees the run: nothing of it lived in the first
      await server.close();
      const other = createServer({ workflows, runtime });
      expect(await (await other.app.request(`/handlers/${handler_id}`)).json()).toMatchObject({ status: "completed", result: "DBOS!" });
      await other.close();
    } finally {
      await server.close();
    }
  });

  it("refuses a store next to it, and a workflow the runtime was not launched with, naming them", () => {
    expect(() => createServer({ workflows, runtime, store: new MemoryStore() })).toThrow(/`store` was given with a `runtime` that owns runs/);
    const unknown = new Workflow({ name: "Unknown" }).step("only", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({}));
    expect(() => createServer({ workflows: [threeSteps, unknown], runtime })).toThrow(/workflow "Unknown" was not given to DBOSRuntime.launch/);
  });

  it("answers 409 for a handler_id that a DBOS workflow it does not serve has taken", async () => {
    await runtime.start("Failing", {}, { handlerId: "taken-elsewhere" });
    const server = createServer({ workflows: [threeSteps, askFlow], runtime });
    try {
      const res = await server.app.request("/workflows/ThreeSteps/run-nowait", { method: "POST", body: JSON.stringify({ handler_id: "taken-elsewhere" }) });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('handler_id "taken-elsewhere" is taken');
      expect((await server.app.request("/handlers/taken-elsewhere")).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("keeps one trace: the run's span is a child of the request's, and the record names the trace", async () => {
    const tracing = setupTracing();
    const server = createServer({ workflows, runtime });
    try {
      const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
      const res = await server.app.request("/workflows/ThreeSteps/run", {
        method: "POST",
        headers: { "content-type": "application/json", traceparent: `00-${trace}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ start_event: { topic: "t" } }),
      });
      const record = (await res.json()) as { handler_id: string; trace_id?: string };
      expect(record).toMatchObject({ status: "completed", trace_id: trace });
      expect(await (await server.app.request(`/handlers/${record.handler_id}`)).json()).toMatchObject({ trace_id: trace });
      const request = tracing.spans().find((s) => s.name === "POST /workflows/:name/run")!;
      const run = tracing.spans().find((s) => s.name === "invoke_workflow ThreeSteps")!;
      expect(run.spanContext().traceId).toBe(trace);
      expect(run.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    } finally {
      await server.close();
      await tracing.shutdown();
    }
  });
});
