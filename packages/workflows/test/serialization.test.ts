import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Context, ContextSerializationError, HumanResponseEvent, InputRequiredEvent, StartEvent, StopEvent, Workflow, WorkflowCancelledError } from "../src/index.js";
import { closeGate, fanInFlow, gate, questionFlow, waitingFlow } from "./fixtures/hitl-workflows.js";

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const child = fileURLToPath(new URL("./fixtures/resume-child.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "weft-ser-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the snapshot to a file and resumes it in a new process. */
async function resumeInChild(dict: unknown, which: string, answer?: string) {
  const file = join(dir, `${which}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(dict));
  const args = [child, file, which, ...(answer === undefined ? [] : [answer])];
  const { stdout } = await promisify(execFile)(tsx, args, { timeout: 20_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!) as { result: unknown; runId: string; streamed: string[]; executed: string[] };
}

async function pauseAtQuestion<W extends typeof questionFlow | typeof waitingFlow>(wf: W, input: Record<string, unknown>) {
  const handler = wf.run(input as never);
  for await (const ev of handler.streamEvents()) if (ev instanceof InputRequiredEvent) break;
  await new Promise((r) => setTimeout(r, 5));
  const dict = JSON.parse(JSON.stringify(handler.ctx.toDict()));
  handler.cancel("saved for later");
  await expect(handler).rejects.toBeInstanceOf(WorkflowCancelledError);
  return { dict, runId: handler.runId };
}

describe("human in the loop, in one process", () => {
  it("answers through handler.ctx.sendEvent while streaming", async () => {
    const handler = questionFlow.run({ question: "six times seven" });
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof InputRequiredEvent) {
        expect(ev.prefix).toBe("What is six times seven? ");
        handler.ctx.sendEvent(new HumanResponseEvent({ response: "42" }));
      }
    }
    expect(await handler).toBe("answer: 42");
  });

  it("pauses by breaking out of the stream and resumes by reading again", async () => {
    const handler = waitingFlow.run();
    let asked: InputRequiredEvent | undefined;
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof InputRequiredEvent) {
        asked = ev;
        break;
      }
    }
    expect(asked?.prefix).toBe("Name? ");
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    const rest: string[] = [];
    for await (const ev of handler.streamEvents()) rest.push(ev.eventName);
    expect(rest).toEqual(["StopEvent"]);
    expect(await handler).toBe("hello Ada");
  });
});

describe("serialization", () => {
  it("toDict is plain JSON with a version, state, store and the run in flight", async () => {
    const { dict } = await pauseAtQuestion(questionFlow, { question: "x" });
    expect(dict.version).toBe(1);
    expect(dict.workflow).toBe("QuestionFlow");
    expect(dict.state).toEqual({ executed: ["ask"] });
    expect(dict.store).toEqual({});
    expect(dict.run.queues).toEqual({});
    expect(typeof dict.run.runId).toBe("string");
  });

  it("resumes in another process a run paused at InputRequiredEvent, each step executed exactly once", async () => {
    const { dict, runId } = await pauseAtQuestion(questionFlow, { question: "the answer" });
    const out = await resumeInChild(dict, "question", "42");
    expect(out.result).toBe("answer: 42");
    expect(out.runId).toBe(runId);
    expect(out.executed).toEqual(["ask", "answer", "finish"]);
  });

  it("resumes a step waiting in waitForEvent without asking the question again", async () => {
    const { dict } = await pauseAtQuestion(waitingFlow, {});
    expect(dict.run.queues).toEqual({ ask: [expect.objectContaining({ type: "StartEvent" })] });
    expect(dict.run.waiters).toEqual([expect.objectContaining({ step: "ask", eventType: "HumanResponseEvent" })]);
    const out = await resumeInChild(dict, "waiting", "Grace");
    expect(out.result).toBe("hello Grace");
    expect(out.streamed).toEqual(["StopEvent"]);
    // The code before the wait runs again on resume (as in LlamaIndex); the code after it, once.
    expect(out.executed).toEqual(["ask:before", "ask:before", "ask:after"]);
  });

  it("carries queued events, in-flight inputs and collect buffers across processes", async () => {
    closeGate();
    const handler = fanInFlow.run({ items: [1, 2, 3, 4, 5] });
    // Items 1 and 2 finish; 3 and 4 block in flight; 5 waits in the queue.
    await new Promise((r) => setTimeout(r, 30));
    const dict = JSON.parse(JSON.stringify(handler.ctx.toDict()));
    handler.cancel();
    await handler.catch(() => undefined);
    gate.open();
    expect(dict.run.collectBuffers.sum).toHaveLength(2);
    expect(dict.run.queues.square.map((e: { data: { n: number } }) => e.data.n)).toEqual([3, 4, 5]);
    const out = await resumeInChild(dict, "fanIn");
    expect(out.result).toBe(1 + 4 + 9 + 16 + 25);
    expect(out.executed.filter((e) => e.startsWith("square")).sort()).toEqual(["square:1", "square:2", "square:3", "square:4", "square:5"]);
  });

  it("the snapshot of a cancelled run still holds the run, and resumes it", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "CancelThenResume", timeout: 5 }).step("slow", { accepts: [StartEvent], returns: [StopEvent] }, async (ev, ctx) => {
      if (++calls === 1) await new Promise((r) => ctx.signal.addEventListener("abort", r));
      return new StopEvent({ result: `resumed ${ev.topic}` });
    });
    const handler = wf.run({ topic: "cats" });
    await new Promise((r) => setTimeout(r, 5));
    handler.cancel();
    await expect(handler).rejects.toBeInstanceOf(WorkflowCancelledError);
    const dict = JSON.parse(JSON.stringify(handler.ctx.toDict()));
    expect(dict.run?.queues.slow).toHaveLength(1);
    expect(await wf.run(undefined, { ctx: Context.fromDict(wf, dict) })).toBe("resumed cats");
    // A new run on the same context starts afresh and forgets the cancelled one.
    expect(await wf.run({ topic: "dogs" }, { ctx: handler.ctx })).toBe("resumed dogs");
    expect(handler.ctx.toDict().run).toBeNull();
  });

  it("resumes in the same process too", async () => {
    const { dict } = await pauseAtQuestion(questionFlow, { question: "y" });
    const ctx = Context.fromDict(questionFlow, dict);
    const handler = questionFlow.run(undefined, { ctx });
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "yes" }));
    expect(await handler).toBe("answer: yes");
    expect(() => questionFlow.run({ question: "again" }, { ctx: Context.fromDict(questionFlow, dict) })).toThrow(/holds a run to resume/);
  });

  it("refuses a snapshot of another version, shape or workflow with a clear error", () => {
    const good = { version: 1, workflow: "QuestionFlow", state: {}, store: {}, run: null };
    expect(() => Context.fromDict(questionFlow, { ...good, version: 7 })).toThrow("Context snapshot version 7 is not supported (this engine reads version 1)");
    expect(() => Context.fromDict(questionFlow, { ...good, store: "nope" })).toThrow(/wrong shape:\n {2}- store/);
    expect(() => Context.fromDict(questionFlow, { ...good, workflow: "Other" })).toThrow('Context snapshot belongs to workflow "Other", not "QuestionFlow"');
    const badRun = { runId: "r", queues: { nosuch: [{ type: "Mystery", id: "1", data: {} }] }, collectBuffers: {}, waiters: [], parked: [] };
    let error: unknown;
    try {
      Context.fromDict(questionFlow, { ...good, run: badRun });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContextSerializationError);
    expect((error as Error).message).toContain('step "nosuch" does not exist in workflow "QuestionFlow"');
    expect((error as Error).message).toContain('event type "Mystery" is not used by workflow "QuestionFlow"');
  });

  it("names a store value that cannot be JSON", async () => {
    const ctx = new Context(questionFlow);
    await ctx.store.set("fn", () => 1);
    expect(() => ctx.toDict()).toThrow(/store is not serializable to JSON: key "fn" holds a function/);
  });
});
