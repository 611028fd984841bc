import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InputRequiredEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

const Progress = defineEvent("StreamProgress", { n: z.number() });
const Next = defineEvent("StreamNext", { n: z.number() });

function counting(total: number, gate?: Promise<void>) {
  return new Workflow({ name: "Counting" })
    .step("count", { accepts: [StartEvent], returns: [Next] }, async (_ev, ctx) => {
      for (let n = 1; n <= total; n++) ctx.writeEventToStream(new Progress({ n }));
      if (gate) await gate;
      return new Next({ n: total });
    })
    .step("finish", { accepts: [Next], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.n }));
}

describe("streaming", () => {
  it("yields written events in order and ends with the stop event", async () => {
    const handler = counting(3).run();
    const seen: unknown[] = [];
    for await (const ev of handler.streamEvents()) seen.push(ev instanceof Progress ? ev.n : ev.eventName);
    expect(seen).toEqual([1, 2, 3, "StopEvent"]);
    expect(await handler).toBe(3);
  });

  it("loses nothing for a consumer that starts reading after the run ended", async () => {
    const handler = counting(4).run();
    expect(await handler).toBe(4);
    const seen: unknown[] = [];
    for await (const ev of handler.streamEvents()) seen.push(ev.eventName);
    expect(seen).toEqual(["StreamProgress", "StreamProgress", "StreamProgress", "StreamProgress", "StopEvent"]);
  });

  it("continues where it stopped after a break, without pausing the run", async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const handler = counting(5, gate).run();
    const first: number[] = [];
    for await (const ev of handler.streamEvents()) {
      first.push((ev as InstanceType<typeof Progress>).n);
      if (first.length === 2) break;
    }
    expect(first).toEqual([1, 2]);
    open();
    const rest: unknown[] = [];
    for await (const ev of handler.streamEvents()) rest.push(ev instanceof Progress ? ev.n : ev.eventName);
    expect(rest).toEqual([3, 4, 5, "StopEvent"]);
    expect(await handler).toBe(5);
  });

  it("streams every InputRequiredEvent a step returns", async () => {
    const wf = new Workflow({ name: "Asks" }).step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent, StopEvent] }, () => new InputRequiredEvent({ prefix: "name?" }));
    const handler = wf.run();
    const it = handler.streamEvents();
    const first = await it.next();
    expect(first.value).toBeInstanceOf(InputRequiredEvent);
    expect((first.value as InputRequiredEvent).prefix).toBe("name?");
    handler.cancel();
    await expect(handler).rejects.toThrow(/cancelled/);
  });

  it("throws the run's error from the stream after the events written before it", async () => {
    const wf = new Workflow({ name: "Breaks" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, (_ev, ctx) => {
      ctx.writeEventToStream(new Progress({ n: 1 }));
      throw new Error("boom");
    });
    const handler = wf.run();
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const ev of handler.streamEvents()) seen.push((ev as InstanceType<typeof Progress>).n);
      })(),
    ).rejects.toThrow("boom");
    expect(seen).toEqual([1]);
    await expect(handler).rejects.toThrow("boom");
  });
});

describe("the stream as a log", () => {
  it("numbers entries 1, 2, … and serves any number of readers, each from where it asks, also after the end", async () => {
    const handler = counting(3).run();
    const live = (async () => {
      const seen: Array<[number, string]> = [];
      for await (const { seq, event } of handler.streamEntries()) seen.push([seq, event.eventName]);
      return seen;
    })();
    expect(await handler).toBe(3);
    const all: Array<[number, string]> = [
      [1, "StreamProgress"],
      [2, "StreamProgress"],
      [3, "StreamProgress"],
      [4, "StopEvent"],
    ];
    expect(await live).toEqual(all);
    const again: Array<[number, string]> = [];
    for await (const { seq, event } of handler.streamEntries()) again.push([seq, event.eventName]);
    expect(again).toEqual(all);
    const tail: number[] = [];
    for await (const { seq } of handler.streamEntries({ after: 2 })) tail.push(seq);
    expect(tail).toEqual([3, 4]);
    const events: unknown[] = [];
    for await (const ev of handler.streamEvents({ after: 3 })) events.push(ev.eventName);
    expect(events).toEqual(["StopEvent"]);
    // past the end: nothing, and no wait
    expect(await handler.streamEntries({ after: 4 }).next()).toEqual({ value: undefined, done: true });
  });

  it("a reader with its own place does not move the shared one of streamEvents()", async () => {
    const handler = counting(2).run();
    await handler;
    for await (const _ of handler.streamEntries()) void _;
    const seen: string[] = [];
    for await (const ev of handler.streamEvents()) seen.push(ev.eventName);
    expect(seen).toEqual(["StreamProgress", "StreamProgress", "StopEvent"]);
  });

  it("refuses an after that is not a whole number >= 0, naming it", () => {
    const handler = counting(1).run();
    expect(() => handler.streamEntries({ after: -1 })).toThrow('streamEntries: "after" must be a whole number >= 0 (a sequence number), got -1');
    expect(() => handler.streamEvents({ after: 1.5 })).toThrow('streamEvents: "after" must be a whole number >= 0 (a sequence number), got 1.5');
    return handler;
  });
});
