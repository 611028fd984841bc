import { SpanStatusCode } from "@opentelemetry/api";
import { MockLLM } from "@weft/llm";
import { createTestTracing, expectTrace } from "@weft/otel";
import { Context, HumanResponseEvent, InputRequiredEvent } from "@weft/workflows";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentToolCallResult, agentWorkflow, defineAgentTool, type AgentState } from "../src/index.js";

const tracing = createTestTracing();

/** A tool that asks a human before it acts; the question names the call, and only an answer to that call counts. */
const transfer = defineAgentTool(
  "transfer",
  { description: "Send money (asks the user first)", parameters: z.object({ amount: z.number() }) },
  async ({ amount }, { ctx, toolCall }) => {
    const toolId = toolCall!.id;
    const answer = await ctx.waitForEvent(HumanResponseEvent, {
      waiterEvent: new InputRequiredEvent({ prefix: `Send ${amount} €? (yes/no)`, toolId }),
      requirements: { toolId },
    });
    return answer.response === "yes" ? `sent ${amount} €` : "the user said no";
  },
);

/** Each call builds the workflow anew, as a new process would. */
function bank(llm: MockLLM) {
  return agentWorkflow({ name: "Bank", llm, tools: [transfer] });
}

describe("a tool that asks a human", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("pauses the run at the question; the saved run resumes elsewhere and finishes as one trace", async () => {
    const first = bank(new MockLLM({ responses: [{ toolCalls: [{ name: "transfer", arguments: { amount: 100 } }] }] }));
    const handler = first.run({ input: "Send 100 € to Bob", sessionId: "bob" });
    let question: InputRequiredEvent | undefined;
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof InputRequiredEvent) {
        question = ev;
        break;
      }
    }
    expect(question).toMatchObject({ prefix: "Send 100 €? (yes/no)", toolId: "call_mock_1" });
    const saved = JSON.stringify(handler.ctx.toDict());
    handler.cancel("paused for a human");
    await handler.then(undefined, () => undefined);
    await first.close();

    const llm = new MockLLM({ responses: ["Done: 100 € sent to Bob."] });
    const second = bank(llm);
    const ctx = Context.fromDict<AgentState>(second, JSON.parse(saved));
    expect((await ctx.store.getState()).pending).toHaveLength(1);
    const resumed = second.run(undefined, { ctx });
    resumed.ctx.sendEvent(new HumanResponseEvent({ response: "yes", toolId: "call_mock_1" }));
    const results: string[] = [];
    for await (const ev of resumed.streamEvents()) if (ev instanceof AgentToolCallResult) results.push(ev.toolOutput);
    const result = await resumed;

    expect(results).toEqual(["sent 100 €"]);
    expect(result.text).toBe("Done: 100 € sent to Bob.");
    expect(result.toolCalls).toMatchObject([{ toolName: "transfer", toolOutput: "sent 100 €", isError: false }]);
    // The resumed model turn sees the whole conversation, carried in the saved state.
    expect(llm.calls[0]!.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);

    const trace = expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveSpanCount(2, "invoke_workflow Bank")
      .toHaveSpanCount(2, "invoke_agent Bank")
      .toHaveAttribute("invoke_workflow Bank", "weft.run.resumed", true)
      .toHaveAttribute("invoke_workflow Bank", "weft.run.status", "completed")
      .toHaveAttribute("execute_tool transfer", "output.value", "sent 100 €");
    // the call the pause stopped is noted as aborted, not as the tool's failure
    const [paused, answered] = trace.spans("execute_tool transfer");
    expect(paused!.attributes["weft.tool.aborted"]).toBe(true);
    expect(paused!.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(answered!.attributes["output.value"]).toBe("sent 100 €");
    await second.close();
  });

  it("refuses to run outside an agent workflow, naming the tool", async () => {
    await expect(transfer.call({ amount: 1 })).rejects.toThrow(/tool "transfer" runs only inside an agent workflow/);
  });
});
