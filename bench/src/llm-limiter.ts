import { MockLLM, RateLimiter } from "@weft/llm";

/**
 * `node dist/llm-limiter.js [--quick]`: what `rateLimit` costs an LLM call when it does not limit (target ≤ 5 µs a
 * call). The same MockLLM calls run with no limiter and with a limiter whose limits are never reached (all three:
 * requests, tokens, concurrency), in alternating repetitions; the cost is the median of the paired differences, so a
 * burst of load from other processes lands on both sides of a pair. The limiter alone (tryAcquire + release) is
 * timed too. One process, no tracing provider: the no-op tracer, as in an app without OpenTelemetry set up.
 */
const quick = process.argv.includes("--quick");
const calls = quick ? 200 : 20_000;
const reps = quick ? 3 : 21;
const TARGET_US = 5;

const messages = [
  { role: "system" as const, content: "You are a helpful assistant." },
  { role: "user" as const, content: "Tell me a short joke about pirates, please." },
];
const unlimited = { requestsPerMinute: 1e12, tokensPerMinute: 1e15, maxConcurrent: 1e9 };
const plain = new MockLLM({ responses: () => "ok" });
const limited = new MockLLM({ responses: () => "ok", rateLimit: unlimited });

async function perCallUs(llm: MockLLM): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await llm.chat(messages);
  return ((performance.now() - t0) * 1000) / calls;
}

function limiterAloneUs(): number {
  const limiter = new RateLimiter(unlimited);
  const n = calls * 10;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) limiter.tryAcquire(25)!.release(30);
  return ((performance.now() - t0) * 1000) / n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

await perCallUs(plain);
await perCallUs(limited);
limiterAloneUs();
const without: number[] = [];
const withLimiter: number[] = [];
const alone: number[] = [];
for (let r = 0; r < reps; r++) {
  // alternate which side goes first, so neither always runs on a warmer (or colder) moment
  if (r % 2 === 0) {
    without.push(await perCallUs(plain));
    withLimiter.push(await perCallUs(limited));
  } else {
    withLimiter.push(await perCallUs(limited));
    without.push(await perCallUs(plain));
  }
  alone.push(limiterAloneUs());
}
const cost = median(withLimiter.map((w, i) => w - without[i]!));
const fmt = (us: number) => `${us.toFixed(2)} µs`;
process.stdout.write(
  `\nLLM rate limiter, not limiting (${calls} MockLLM chat calls × ${reps} alternating repetitions, medians)\n\n` +
    `| measurement | per call |\n|---|---|\n` +
    `| MockLLM call, no limiter | ${fmt(median(without))} |\n` +
    `| MockLLM call, limiter (rpm, tpm, concurrency) never reached | ${fmt(median(withLimiter))} |\n` +
    `| limiter's cost (median of paired differences) | ${fmt(cost)} |\n` +
    `| limiter alone (tryAcquire + release) | ${fmt(median(alone))} |\n\n` +
    (quick ? "" : `${cost <= TARGET_US ? "Target met" : "Target NOT met"}: ≤ ${TARGET_US} µs a call.\n`),
);
