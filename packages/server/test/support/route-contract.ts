import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServerRuns, WeftServer } from "../../src/index.js";

/**
 * The HTTP API's behaviour as a table of cases, run against any server: one whose runs are its own (a store) and one
 * whose runs a runtime owns (DBOS), so "the API behaves the same" is one test suite passing twice. Each case starts
 * from no runs: afterwards every run is cancelled and purged through the API itself.
 */
export function describeRouteContract(label: string, open: () => Promise<WeftServer<ServerRuns>>, close: (server: WeftServer<ServerRuns>) => Promise<void>): void {
  describe(`the HTTP API (${label})`, () => {
    let server: WeftServer<ServerRuns>;
    beforeAll(async () => {
      server = await open();
    }, 120_000);
    afterAll(() => (server ? close(server) : undefined), 60_000);
    afterEach(async () => {
      for (;;) {
        const { handlers } = (await call("GET", "/handlers?limit=1000")).body as { handlers: { handler_id: string }[] };
        if (handlers.length === 0) return;
        for (const h of handlers) expect((await call("POST", `/handlers/${h.handler_id}/cancel?purge=true`)).status).toBe(200);
      }
    }, 60_000);

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
      if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
      const res = await server.app.request(path, init);
      const text = await res.text();
      const json = res.headers.get("content-type")?.includes("application/json");
      return { status: res.status, body: json && text ? JSON.parse(text) : undefined, text, headers: res.headers };
    }

    async function waitingAsk(handlerId?: string): Promise<string> {
      const { body } = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?" }, handler_id: handlerId });
      const id = body.handler_id as string;
      await expect.poll(async () => (await call("GET", `/handlers/${id}`)).body.status, { timeout: 15_000 }).toBe("waiting");
      return id;
    }

    const answer = (id: string, response: string) => call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response } } });

    it("POST /run waits for the end: the result, or the failure", async () => {
      const done = await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "cats" } });
      expect(done).toMatchObject({ status: 200, body: { status: "completed", result: "CATS!", workflow_name: "ThreeSteps", completed_at: expect.any(String) } });
      const record = await call("GET", `/handlers/${done.body.handler_id}`);
      expect(record).toMatchObject({ status: 200, body: { handler_id: done.body.handler_id, status: "completed", result: "CATS!", started_at: expect.any(String) } });
      expect(Date.parse(record.body.started_at)).toBeLessThanOrEqual(Date.parse(record.body.completed_at));
      const failed = await call("POST", "/workflows/Failing/run", {});
      expect(failed.body).toMatchObject({ status: "failed", error: "the step broke" });
    });

    it("run-nowait answers at once with running (202 while it runs); a repeated handler_id starts nothing new; 404 for unknown ids", async () => {
      const first = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "6*7?" }, handler_id: "h-1" });
      expect(first).toMatchObject({ status: 200, body: { handler_id: "h-1", status: "running" } });
      const again = await call("POST", "/workflows/Ask/run-nowait", { start_event: { question: "other" }, handler_id: "h-1" });
      expect(again.body.handler_id).toBe("h-1");
      expect((await call("GET", "/handlers?workflow_name=Ask")).body.handlers).toHaveLength(1);
      expect((await call("POST", "/workflows/ThreeSteps/run-nowait", { handler_id: "h-1" })).status).toBe(409);
      await expect.poll(async () => (await call("GET", "/handlers/h-1")).body.status, { timeout: 15_000 }).toBe("waiting");
      expect((await call("GET", "/handlers/h-1")).status).toBe(202);
      expect((await call("GET", "/handlers/nope")).status).toBe(404);
      expect((await call("GET", "/events/nope")).status).toBe(404);
      expect((await call("POST", "/events/nope", { event: { type: "HumanResponseEvent", data: { response: "1" } } })).status).toBe(404);
    });

    it("refuses a start event that fails its schema, a bad body and a bad handler_id with a 400 naming what was wrong", async () => {
      const bad = await call("POST", "/workflows/Ask/run", { start_event: { question: 5 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("question");
      expect((await call("POST", "/workflows/Ask/run", "{not json")).status).toBe(400);
      const badId = await call("POST", "/workflows/Ask/run-nowait", { handler_id: "../x" });
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toContain("handler_id");
      expect((await call("POST", "/workflows/Nope/run", {})).status).toBe(404);
      expect((await call("GET", "/handlers")).body.handlers).toEqual([]);
    });

    it("takes an event for a waiting run (400 for one that fails its schema, 409 once the run has ended)", async () => {
      const id = await waitingAsk();
      const wrong = await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: 42 } } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toContain("response");
      expect((await call("POST", `/events/${id}`, { event: { type: "Nope", data: {} } })).status).toBe(400);
      const noStep = await call("POST", `/events/${id}`, { event: { type: "HumanResponseEvent", data: { response: "1" } }, step: "nope" });
      expect(noStep.status).toBe(400);
      expect(noStep.body.error.message).toContain("nope");
      expect(await answer(id, "42")).toMatchObject({ status: 202, body: { status: "sent" } });
      expect(await server.runs.waitForEnd(id)).toMatchObject({ status: "completed", result: { correct: true, given: "42" } });
      expect((await call("GET", `/handlers/${id}`)).status).toBe(200);
      expect((await answer(id, "1")).status).toBe(409);
    });

    it("streams entries live with their seq as SSE, resumes after Last-Event-ID or after_sequence, and gives NDJSON", async () => {
      const id = await waitingAsk();
      // a live stream: the first entry now, the rest once the answer is in
      const live = await server.app.request(`/events/${id}`);
      expect(live.headers.get("content-type")).toContain("text/event-stream");
      const reader = live.body!.getReader();
      let text = "";
      while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
      expect(parseSse(text).map((f) => f.data.type)).toEqual(["InputRequiredEvent"]);
      await answer(id, "42");
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
      const all = parseSse(text);
      expect(all.map((f) => [f.id, f.data.type])).toEqual([
        ["1", "InputRequiredEvent"],
        ["2", "AskResult"],
      ]);
      expect(all[0].data).toEqual({ type: "InputRequiredEvent", seq: 1, data: { prefix: "6*7?" } });
      expect(all[1].data).toEqual({ type: "AskResult", seq: 2, data: { correct: true, given: "42" } });
      expect(parseSse((await call("GET", `/events/${id}`, undefined, { "last-event-id": "1" })).text).map((f) => f.id)).toEqual(["2"]);
      expect(parseSse((await call("GET", `/events/${id}?after_sequence=2`)).text)).toEqual([]);
      const ndjson = await call("GET", `/events/${id}?sse=false&after_sequence=1`);
      expect(ndjson.headers.get("content-type")).toContain("application/x-ndjson");
      expect(ndjson.text.trim().split("\n").map((l) => JSON.parse(l).seq)).toEqual([2]);
      expect((await call("GET", `/events/${id}?after_sequence=-1`)).status).toBe(400);
      const steps = await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: "x" } });
      const progress = parseSse((await call("GET", `/events/${steps.body.handler_id}`)).text).map((f) => f.data);
      expect(progress.map((e) => [e.seq, e.type])).toEqual([
        [1, "Progress"],
        [2, "Progress"],
        [3, "Progress"],
        [4, "StopEvent"],
      ]);
    });

    it("cancels a waiting run, keeps an ended one as it ended, and purges", async () => {
      const id = await waitingAsk();
      const cancelled = await call("POST", `/handlers/${id}/cancel`);
      expect(cancelled).toMatchObject({ status: 200, body: { handler_id: id, status: "cancelled" } });
      expect(await call("GET", `/handlers/${id}`)).toMatchObject({ status: 200, body: { status: "cancelled", completed_at: expect.any(String) } });
      expect((await answer(id, "42")).status).toBe(409);
      const done = await call("POST", "/workflows/ThreeSteps/run", {});
      expect((await call("POST", `/handlers/${done.body.handler_id}/cancel`)).body).toMatchObject({ status: "completed", result: "NONE!" });
      const purged = await call("POST", `/handlers/${id}/cancel?purge=true`);
      expect(purged).toMatchObject({ status: 200, body: { status: "cancelled" } });
      expect((await call("GET", `/handlers/${id}`)).status).toBe(404);
      expect((await call("GET", `/handlers/${id}/context`)).status).toBe(404);
      expect((await call("POST", "/handlers/nope/cancel")).status).toBe(404);
    });

    it("lists handlers newest first, filtered by status and workflow, page by page", async () => {
      const completed: string[] = [];
      for (let i = 0; i < 4; i++) completed.push((await call("POST", "/workflows/ThreeSteps/run", { start_event: { topic: `t${i}` } })).body.handler_id);
      const waiting = [await waitingAsk(), await waitingAsk(), await waitingAsk()];
      const failed = (await call("POST", "/workflows/Failing/run", {})).body.handler_id as string;
      const all = [...completed, ...waiting, failed].reverse();
      const list = async (query: string) => (await call("GET", `/handlers?${query}`)).body as { handlers: { handler_id: string; status: string }[]; next_cursor: string | null };
      expect((await list("")).handlers.map((h) => h.handler_id)).toEqual(all);
      expect((await list("status=waiting")).handlers.map((h) => h.handler_id)).toEqual([...waiting].reverse());
      expect((await list("status=failed")).handlers.map((h) => h.handler_id)).toEqual([failed]);
      expect((await list("workflow_name=Ask")).handlers.map((h) => h.status)).toEqual(["waiting", "waiting", "waiting"]);
      expect((await list("status=running")).handlers).toEqual([]);
      const first = await list("status=completed&workflow_name=ThreeSteps&limit=3");
      expect(first.handlers.map((h) => h.handler_id)).toEqual([...completed].reverse().slice(0, 3));
      const second = await list(`status=completed&workflow_name=ThreeSteps&limit=3&cursor=${first.next_cursor}`);
      expect(second).toEqual({ handlers: [expect.objectContaining({ handler_id: completed[0] })], next_cursor: null });
      const seen: string[] = [];
      let cursor: string | null = "";
      do {
        const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.handlers.length).toBeLessThanOrEqual(3);
        seen.push(...page.handlers.map((h) => h.handler_id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual(all);
      expect((await call("GET", "/handlers?status=bogus")).status).toBe(400);
      expect((await call("GET", "/handlers?limit=0")).status).toBe(400);
      expect((await call("GET", "/handlers?cursor=x")).status).toBe(400);
    });

    it("GET /handlers/{id}/context gives a waiting run's state, an ended run's from its journal, 404 for an unknown run", async () => {
      const id = await waitingAsk();
      expect(await call("GET", `/handlers/${id}/context`)).toMatchObject({ status: 200, body: { handler_id: id, context: { workflow: "Ask", state: { answer: "42" }, run: { waiters: [] } } } });
      await answer(id, "42");
      await server.runs.waitForEnd(id);
      expect((await call("GET", `/handlers/${id}/context`)).body).toEqual({ handler_id: id, context: { version: 1, workflow: "Ask", state: { answer: "42" }, store: {}, run: null } });
      expect((await call("GET", "/handlers/nope/context")).status).toBe(404);
    });
  });
}

function parseSse(text: string): { id: string; data: { type: string; seq: number; data: Record<string, unknown> } }[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("id:"))
    .map((frame) => ({ id: /^id: (.*)$/m.exec(frame)![1], data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]) }));
}
