import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bindStepSignal, type StepSignalAware } from "@weft/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InProcessRuntime, ManualClock, resource, StartEvent, StopEvent, Workflow, WorkflowCancelledError, WorkflowTimeoutError } from "../src/index.js";

// A resource in the step-signal protocol, as @weft/llm's clients are: it makes a real HTTP request to a local server
// that never answers. The steps below never pass ctx.signal; the engine binds the resource to the step's signal.

/** Requests the server has taken and not answered, each resolving when its connection closes. */
const open: Array<{ closed: Promise<void> }> = [];
let arrived: () => void = () => undefined;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  open.push({ closed: new Promise((resolve) => res.on("close", () => resolve())) });
  arrived();
  void req;
});
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

class HangingApi implements StepSignalAware<HangingApi> {
  constructor(private readonly signal?: AbortSignal) {}
  [bindStepSignal](signal: AbortSignal): HangingApi {
    return new HangingApi(signal);
  }
  async call(): Promise<string> {
    return (await fetch(url, { signal: this.signal })).text();
  }
}

const api = resource("api", () => new HangingApi());

function hangingFlow(name: string, options: { timeout?: number | null; stepTimeout?: number } = {}) {
  return new Workflow({ name, timeout: options.timeout ?? null }).step(
    "call",
    { accepts: [StartEvent], returns: [StopEvent], resources: { api }, timeout: options.stepTimeout },
    async (_ev, _ctx, { api }) => new StopEvent({ result: await api.call() }),
  );
}

/** Runs (on `clock`, if given) until the server holds the request, then returns the run and that request. */
async function runUntilRequest(wf: ReturnType<typeof hangingFlow>, clock?: ManualClock) {
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const handler = wf.run({}, clock ? { runtime: new InProcessRuntime({ clock }) } : {});
  await reached;
  return { handler, request: open[open.length - 1] };
}

describe("resources follow their step's signal", () => {
  it("cancel closes the step's HTTP request", async () => {
    const { handler, request } = await runUntilRequest(hangingFlow("CancelReachesRequest"));
    handler.cancel();
    await expect(handler).rejects.toBeInstanceOf(WorkflowCancelledError);
    await request.closed;
  });

  it("the run timeout closes it", async () => {
    const clock = new ManualClock();
    const { handler, request } = await runUntilRequest(hangingFlow("RunTimeoutReachesRequest", { timeout: 0.05 }), clock);
    const ended = handler.catch((e: unknown) => e);
    await clock.advance(50);
    expect(await ended).toBeInstanceOf(WorkflowTimeoutError);
    await request.closed;
  });

  it("the step timeout closes it", async () => {
    const clock = new ManualClock();
    const { handler, request } = await runUntilRequest(hangingFlow("StepTimeoutReachesRequest", { stepTimeout: 0.05 }), clock);
    const ended = handler.catch((e: unknown) => e);
    await clock.advance(50);
    expect(await ended).toMatchObject({ message: 'Step "call" timed out after 0.05s (attempt 1)' });
    await request.closed;
  });

  it("a resource outside the protocol reaches the step as it is", async () => {
    const plain = { hello: () => "hi" };
    const wf = new Workflow({ name: "PlainResource" }).step(
      "s",
      { accepts: [StartEvent], returns: [StopEvent], resources: { plain: resource("plain", () => plain) } },
      (_ev, _ctx, { plain: got }) => new StopEvent({ result: got === plain }),
    );
    expect(await wf.run()).toBe(true);
  });
});
