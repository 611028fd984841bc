import { describe, expect, it } from "vitest";
import { Context, ContextSerializationError, HumanResponseEvent, InputRequiredEvent, SnapshotIntegrityError, WorkflowCancelledError, type ContextDict } from "../src/index.js";
import { waitingFlow } from "./fixtures/hitl-workflows.js";

const key = "0123456789abcdef0123456789abcdef";

/** A waiting run saved at its question with `toDict(options)`, as JSON text would carry it. */
async function savedAtQuestion(options?: { key: string | Uint8Array }): Promise<ContextDict> {
  const handler = waitingFlow.run();
  for await (const ev of handler.streamEvents()) if (ev instanceof InputRequiredEvent) break;
  const dict = JSON.parse(JSON.stringify(handler.ctx.toDict(options))) as ContextDict;
  handler.cancel("saved");
  await expect(handler).rejects.toBeInstanceOf(WorkflowCancelledError);
  return dict;
}

function refusal(dict: unknown, options?: { key: string | Uint8Array }): Error {
  try {
    Context.fromDict(waitingFlow, dict, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ContextSerializationError);
    return error as Error;
  }
  throw new Error("expected the snapshot to be refused");
}

/** The same JSON with every object's keys in reverse order, as a database that reorders keys gives it back. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reordered((value as Record<string, unknown>)[k])]));
}

describe("signed snapshots", () => {
  it("a snapshot signed by toDict({ key }) resumes with fromDict(…, { key }), keys reordered or not", async () => {
    const dict = await savedAtQuestion({ key });
    expect(dict.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    for (const copy of [dict, reordered(dict)]) {
      const resumed = waitingFlow.run(undefined, { ctx: Context.fromDict(waitingFlow, copy, { key }) });
      resumed.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
      expect(await resumed).toBe("hello Ada");
    }
  });

  it("refuses a pre-filled answer added to a signed snapshot, which the structure alone cannot tell", async () => {
    const dict = await savedAtQuestion({ key });
    const forged = structuredClone(dict);
    forged.run!.parked.push({ type: "HumanResponseEvent", id: "forged", data: { response: "admin" } });
    const error = refusal(forged, { key });
    expect(error).toBeInstanceOf(SnapshotIntegrityError);
    expect(error.message).toMatch(/signature does not match/);
    // without a key, the same snapshot is taken as it is: the documented trust of an unsigned snapshot
    const unsigned = Context.fromDict(waitingFlow, forged);
    const resumed = waitingFlow.run(undefined, { ctx: unsigned });
    expect(await resumed).toBe("hello admin");
  });

  it("refuses a forged StopEvent queued in a signed snapshot before anything else is read", async () => {
    const dict = await savedAtQuestion({ key });
    const forged = structuredClone(dict);
    forged.run!.queues.ask = [{ type: "StopEvent", id: "forged", data: { result: "forged" } }];
    expect(refusal(forged, { key })).toBeInstanceOf(SnapshotIntegrityError);
  });

  it("refuses changed state, a snapshot signed with another key, and an unsigned one", async () => {
    const dict = await savedAtQuestion({ key });
    expect(refusal({ ...dict, state: { executed: [] } }, { key })).toBeInstanceOf(SnapshotIntegrityError);
    expect(refusal(dict, { key: "another key, long enough to use" }).message).toMatch(/signature does not match/);
    const unsigned = await savedAtQuestion();
    expect(unsigned.signature).toBeUndefined();
    expect(refusal(unsigned, { key }).message).toMatch(/is not signed/);
    expect(refusal({ ...dict, signature: "hmac-sha256:zz" }, { key }).message).toMatch(/signature .* is not/);
  });

  it("covers every key of the store, one named signature included", async () => {
    const ctx = new Context(waitingFlow);
    await ctx.store.set("signature", { by: "the app" });
    const dict = JSON.parse(JSON.stringify(ctx.toDict({ key }))) as ContextDict;
    expect(await Context.fromDict(waitingFlow, dict, { key }).store.get("signature.by")).toBe("the app");
    expect(refusal({ ...dict, store: { signature: { by: "someone else" } } }, { key })).toBeInstanceOf(SnapshotIntegrityError);
  });

  it("takes a Uint8Array key and refuses a key too short to be secret", async () => {
    const bytes = new Uint8Array(32).fill(7);
    const dict = await savedAtQuestion({ key: bytes });
    expect(() => Context.fromDict(waitingFlow, dict, { key: Buffer.from(bytes) })).not.toThrow();
    expect(() => Context.fromDict(waitingFlow, dict, { key: "short" })).toThrow(/snapshot key .* at least 16 bytes/);
    const ctx = new Context(waitingFlow);
    expect(() => ctx.toDict({ key: new Uint8Array(8) })).toThrow(/at least 16 bytes/);
  });
});
