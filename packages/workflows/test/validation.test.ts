import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  defineStartEvent,
  defineStopEvent,
  HumanResponseEvent,
  InputRequiredEvent,
  resource,
  StartEvent,
  StopEvent,
  Workflow,
  WorkflowValidationError,
} from "../src/index.js";

const A = defineEvent("ValA", {});
const B = defineEvent("ValB", {});
const Orphan = defineEvent("ValOrphan", {});

function problems(wf: { validate(): void }): string[] {
  try {
    wf.validate();
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
}

describe("validation", () => {
  it("accepts a sound workflow", () => {
    const wf = new Workflow({ name: "Ok" })
      .step("a", { accepts: [StartEvent], returns: [A] }, () => new A())
      .step("b", { accepts: [A], returns: [StopEvent] }, () => new StopEvent());
    expect(problems(wf)).toEqual([]);
  });

  it("reports every problem at once, each on its own line", () => {
    const wf = new Workflow({ name: "Broken" })
      .step("a", { accepts: [A], returns: [Orphan] }, () => undefined)
      .step("a", { accepts: [StopEvent], returns: [] }, () => undefined);
    const found = problems(wf);
    expect(found).toEqual(
      expect.arrayContaining([
        'more than one step is named "a"',
        "no step accepts the start event (StartEvent)",
        "no step returns a stop event (StopEvent)",
        'event ValOrphan is returned by "a" but no step accepts it',
        'event ValA is accepted by "a" but no step returns it',
        'step "a" accepts a stop event (StopEvent); stop events end the run and reach no step',
      ]),
    );
    try {
      wf.validate();
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(found.length + 1);
      expect((e as Error).message).toMatch(/^Workflow "Broken" is invalid:\n {2}- /);
    }
  });

  it("reports more than one start or stop event type", () => {
    const S1 = defineStartEvent("ValS1", {});
    const S2 = defineStartEvent("ValS2", {});
    const E1 = defineStopEvent("ValE1", {});
    const wf = new Workflow({ name: "TwoStarts" })
      .step("a", { accepts: [S1], returns: [StopEvent] }, () => undefined)
      .step("b", { accepts: [S2], returns: [E1] }, () => undefined);
    const found = problems(wf);
    expect(found).toContain("more than one start event type is accepted: ValS1, ValS2");
    expect(found).toContain("more than one stop event type is returned: StopEvent, ValE1");
  });

  it("reports steps unreachable from the start event", () => {
    const wf = new Workflow({ name: "Island" })
      .step("a", { accepts: [StartEvent], returns: [StopEvent] }, () => undefined)
      .step("b", { accepts: [A], returns: [B] }, () => undefined)
      .step("c", { accepts: [B], returns: [A] }, () => undefined);
    expect(problems(wf)).toEqual(['step "b" is unreachable from the start event', 'step "c" is unreachable from the start event']);
  });

  it("needs no consumer for input-required events and no producer for human responses", () => {
    const wf = new Workflow({ name: "Hitl" })
      .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
      .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.response }));
    expect(problems(wf)).toEqual([]);
  });

  it("reports resource dependency cycles before any factory runs", () => {
    let built = 0;
    // `uses` as a thunk lets two resources refer to each other.
    const x: ReturnType<typeof resource<"x", number>> = resource("x", () => ++built, { uses: () => ({ y }) });
    const y: ReturnType<typeof resource<"y", number>> = resource("y", () => ++built, { uses: () => ({ x }) });
    const wf = new Workflow({ name: "Cycle" }).step("a", { accepts: [StartEvent], returns: [StopEvent], resources: { x } }, () => new StopEvent());
    expect(problems(wf)).toEqual(["resources depend on each other in a cycle: x -> y -> x"]);
    expect(() => wf.run()).toThrow(WorkflowValidationError);
    expect(built).toBe(0);
  });

  it("validates before the first run and caches the verdict until a step is added", () => {
    const wf = new Workflow({ name: "Lazy" }).step("a", { accepts: [StartEvent], returns: [A] }, () => new A());
    expect(() => wf.run()).toThrow(/no step returns a stop event/);
    wf.step("b", { accepts: [A], returns: [StopEvent] }, () => new StopEvent({ result: "ok" }));
    expect(() => wf.validate()).not.toThrow();
  });

  it("a workflow with no steps is invalid", () => {
    expect(problems(new Workflow({ name: "Empty" }))).toEqual(["the workflow has no steps"]);
    expect(z).toBeDefined();
  });
});
