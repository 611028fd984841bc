import { withStepSignal } from "@weft/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LLMError, MockLLM, RateLimiter, type MockRequest, type MockReply } from "../src/index.js";
import { jsonFixture } from "./server/openai-wire-server.js";
import { FakeClock } from "./support/fake-clock.js";
import { setupTracing, type TestTracing } from "./support/tracing.js";
import { useWireServer } from "./support/wire-server.js";

/** A provider that answers 429 whenever a rolling minute would hold more than `limit` calls. */
function strictProvider(clock: FakeClock, limit: number) {
  const starts: number[] = [];
  let refused = 0;
  return {
    starts,
    get refused() {
      return refused;
    },
    reply(request: MockRequest): MockReply {
      const now = clock.now();
      const inLastMinute = starts.filter((t) => t > now - 60_000).length;
      if (inLastMinute >= limit) {
        refused += 1;
        return { error: new LLMError("429 rate limit", { kind: "rate_limit", provider: "mock" }) };
      }
      starts.push(now);
      return `answer to ${request.prompt}`;
    },
  };
}

/** A MockLLM limited to 60 calls a minute on a simulated clock, noting each call's prompt and start time. */
function oneCallASecond() {
  const clock = new FakeClock();
  const order: string[] = [];
  const llm = new MockLLM({
    responses: (r) => {
      order.push(`${r.prompt}@${clock.now()}`);
      return "ok";
    },
    rateLimit: { requestsPerMinute: 60, clock },
  });
  return { clock, llm, order };
}

describe("rateLimit: requests per minute", () => {
  it("600 calls at 300 per minute take two minutes of simulated time with no 429", async () => {
    const clock = new FakeClock();
    const provider = strictProvider(clock, 300);
    const llm = new MockLLM({ responses: (r) => provider.reply(r), rateLimit: { requestsPerMinute: 300, clock } });
    const answers = await clock.run(Promise.all(Array.from({ length: 600 }, (_, i) => llm.complete(`q${i}`))));
    expect(answers).toHaveLength(600);
    expect(provider.refused).toBe(0);
    expect(answers[599]!.text).toBe("answer to q599");
    // One call every 200 ms: the last starts at 599 × 200 ms, just under two minutes.
    expect(provider.starts.at(-1)).toBe(119_800);
    expect(clock.now()).toBe(119_800);
  });

  it("without the limiter the same burst meets the provider's 429s", async () => {
    const clock = new FakeClock();
    const provider = strictProvider(clock, 300);
    const llm = new MockLLM({ responses: (r) => provider.reply(r) });
    const results = await Promise.allSettled(Array.from({ length: 600 }, (_, i) => llm.complete(`q${i}`)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(300);
  });

  it("is first come, first served, and one limiter serves every view of the LLM (every step and run)", async () => {
    const { clock, llm, order } = oneCallASecond();
    const stepA = withStepSignal(llm, new AbortController().signal);
    const stepB = withStepSignal(llm, new AbortController().signal);
    await clock.run(Promise.all([stepA.complete("a1"), stepB.complete("b1"), llm.complete("c1"), stepA.complete("a2"), stepB.complete("b2")]));
    expect(order).toEqual(["a1@0", "b1@1000", "c1@2000", "a2@3000", "b2@4000"]);
  });
});

describe("rateLimit: tokens per minute", () => {
  it("estimates tokens before a call and corrects the estimate from its usage after", async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const llm = new MockLLM({
      responses: () => {
        starts.push(clock.now());
        return { text: "ok", usage: { inputTokens: 50, outputTokens: 50, totalTokens: 100 } };
      },
      rateLimit: { tokensPerMinute: 6_000, clock },
    });
    const prompt = "x".repeat(4_000); // estimated at 1,000 tokens; the provider says 100 were used
    await clock.run(llm.complete(prompt));
    await clock.run(llm.complete(prompt));
    // 6,000 a minute is 0.1 a millisecond: the 100 tokens really used delay the next call by 1 s, not the 10 s of the estimate.
    expect(starts).toEqual([0, 1_000]);
  });

  it("a large call at the head of the queue is not overtaken by smaller ones behind it", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const llm = new MockLLM({
      responses: (r) => {
        order.push(r.prompt.slice(0, 5));
        return { text: "ok", usage: { inputTokens: r.prompt.length / 4, outputTokens: 0, totalTokens: r.prompt.length / 4 } };
      },
      rateLimit: { tokensPerMinute: 6_000, clock },
    });
    await clock.run(Promise.all([llm.complete("first".padEnd(4_000)), llm.complete("large".padEnd(8_000)), llm.complete("small")]));
    expect(order).toEqual(["first", "large", "small"]);
  });
});

describe("rateLimit: concurrency, cancel and Retry-After", () => {
  it("keeps at most maxConcurrent calls in flight, streams included until they end", async () => {
    let inFlight = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const llm = new MockLLM({
      responses: () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        return new Promise<MockReply>((resolve) =>
          gates.push(() => {
            inFlight -= 1;
            resolve("done");
          }),
        );
      },
      rateLimit: { maxConcurrent: 2 },
    });
    const calls = [llm.complete("1"), llm.streamComplete("2").finalResponse(), llm.complete("3"), llm.complete("4")];
    while (gates.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    await Promise.all(calls);
    expect(most).toBe(2);
  });

  it("a waiting call leaves the queue when its step is cancelled, and the others keep their turn", async () => {
    const { clock, llm, order } = oneCallASecond();
    const step = new AbortController();
    const first = llm.complete("first");
    const cancelled = withStepSignal(llm, step.signal).complete("cancelled");
    cancelled.catch(() => undefined);
    const third = llm.complete("third");
    await new Promise((resolve) => setImmediate(resolve));
    step.abort();
    await expect(cancelled).rejects.toMatchObject({ name: "LLMError", kind: "aborted", provider: "mock" });
    await clock.run(Promise.all([first, third]));
    expect(order).toEqual(["first@0", "third@1000"]);
  });

  it("Retry-After from a refused call pauses every call through the limiter", async () => {
    const clock = new FakeClock();
    const starts: string[] = [];
    let refuse = true;
    const llm = new MockLLM({
      responses: (r) => {
        starts.push(`${r.prompt}@${clock.now()}`);
        if (r.prompt === "a" && refuse) {
          refuse = false;
          return { error: new LLMError("429", { kind: "rate_limit", provider: "mock", retryAfterMs: 30_000 }) };
        }
        return "ok";
      },
      rateLimit: { requestsPerMinute: 600, clock },
    });
    const a = llm.complete("a");
    a.catch(() => undefined);
    const rest = Promise.all([llm.complete("b"), llm.complete("c")]);
    await expect(a).rejects.toMatchObject({ kind: "rate_limit" });
    await clock.run(rest);
    expect(starts).toEqual(["a@0", "b@30000", "c@30100"]);
  });

  it("refuses limits that are not positive numbers, naming the option", () => {
    expect(() => new MockLLM({ rateLimit: { requestsPerMinute: 0 } })).toThrow("rateLimit.requestsPerMinute must be a positive number (got 0)");
    expect(() => new RateLimiter({ tokensPerMinute: Number.NaN })).toThrow(/rateLimit.tokensPerMinute/);
    expect(() => new RateLimiter({ maxConcurrent: 1.5 })).toThrow(/rateLimit.maxConcurrent must be a whole number/);
  });

  it("one RateLimiter can be shared by several LLMs (two models on one API key)", async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const limiter = new RateLimiter({ requestsPerMinute: 120, clock });
    const responses = () => {
      starts.push(clock.now());
      return "ok";
    };
    const small = new MockLLM({ model: "small", responses, rateLimit: limiter });
    const large = new MockLLM({ model: "large", responses, rateLimit: limiter });
    await clock.run(Promise.all([small.complete("x"), large.complete("y"), small.complete("z")]));
    expect(starts).toEqual([0, 500, 1_000]);
  });
});

describe("rateLimit: the wait on the LLM span", () => {
  let tracing: TestTracing;
  beforeAll(() => {
    tracing = setupTracing();
  });
  afterAll(() => tracing.shutdown());

  it("records the milliseconds each call waited", async () => {
    const clock = new FakeClock();
    const llm = new MockLLM({ rateLimit: { requestsPerMinute: 300, clock } });
    await clock.run(Promise.all([llm.complete("a"), llm.complete("b"), llm.streamComplete("c").finalResponse()]));
    const waits = tracing.spans().map((s) => s.attributes["weft.llm.rate_limit.wait_ms"]);
    expect(waits.sort()).toEqual([0, 200, 400]);
    const unlimited = new MockLLM();
    tracing.exporter.reset();
    await unlimited.complete("x");
    expect(tracing.spans()[0]!.attributes["weft.llm.rate_limit.wait_ms"]).toBeUndefined();
  });
});

describe("rateLimit over HTTP", () => {
  const wire = useWireServer();

  it("a 429 with retry-after from the server pauses the limiter for every later call", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 6_000, clock });
    const llm = wire.llm({ rateLimit: limiter });
    wire.server.chat({ json: jsonFixture("error-429.json"), status: 429, headers: { "retry-after": "2" } }, { json: jsonFixture("chat-completion.json") });
    await expect(llm.complete("first")).rejects.toMatchObject({ kind: "rate_limit", retryAfterMs: 2_000 });
    const second = llm.complete("second");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(1);
    expect(wire.server.requests).toHaveLength(1);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(2_000);
    expect((await second).finishReason).toBe("stop");
    expect(wire.server.requests).toHaveLength(2);
  });

  it("a 429 the SDK retries by itself still pauses the limiter for the calls behind it", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 6_000, clock });
    const llm = wire.llm({ rateLimit: limiter, maxRetries: 1 });
    wire.server.chat(
      { json: jsonFixture("error-429.json"), status: 429, headers: { "retry-after-ms": "30" } },
      { json: jsonFixture("chat-completion.json") },
      { json: jsonFixture("chat-completion.json") },
    );
    // The SDK waits 30 ms (real time) and retries: the call succeeds, yet the limiter heard of the 429.
    expect((await llm.complete("first")).finishReason).toBe("stop");
    const second = llm.complete("second");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(1);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(30);
    expect((await second).finishReason).toBe("stop");
    expect(wire.server.requests).toHaveLength(3);
  });
});
