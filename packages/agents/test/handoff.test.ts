import { defineTool, MockLLM } from "@weft/llm";
import { createTestTracing, expectTrace } from "@weft/otel";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentOutput, agentWorkflow } from "../src/index.js";

const tracing = createTestTracing();

const refund = defineTool("refund", { description: "Refund an order", parameters: z.object({ order: z.string() }) }, ({ order }) => `refunded ${order}`);

function support(triage: MockLLM, billing: MockLLM) {
  return agentWorkflow({
    name: "Support",
    agents: [
      { name: "Triage", description: "Greets and routes", llm: triage, systemPrompt: "You route.", canHandoffTo: ["Billing"] },
      { name: "Billing", description: "Refunds and invoices", llm: billing, tools: [refund], systemPrompt: "You refund." },
    ],
  });
}

describe("hand-off between agents", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("passes the conversation to the agent named, and the trace shows who spoke when", async () => {
    const triage = new MockLLM({ responses: [{ toolCalls: [{ name: "handoff", arguments: { to_agent: "Billing", reason: "a refund" } }] }] });
    const billing = new MockLLM({ responses: [{ toolCalls: [{ name: "refund", arguments: { order: "A17" } }] }, "Order A17 is refunded."] });
    const handler = support(triage, billing).run({ input: "Refund order A17 please" });
    const speakers: string[] = [];
    for await (const ev of handler.streamEvents()) if (ev instanceof AgentOutput) speakers.push(ev.agent);
    const result = await handler;

    expect(result).toMatchObject({ text: "Order A17 is refunded.", agent: "Billing", turns: 3 });
    expect(speakers).toEqual(["Triage", "Billing", "Billing"]);
    expect(result.toolCalls.map((c) => [c.agent, c.toolName])).toEqual([
      ["Triage", "handoff"],
      ["Billing", "refund"],
    ]);
    expect(triage.calls[0]!.options.tools?.map((t) => t.name)).toEqual(["handoff"]);
    expect(triage.calls[0]!.options.tools?.[0]?.description).toContain("- Billing: Refunds and invoices");
    // Billing takes over the same conversation, under its own prompt and tools.
    const seen = billing.calls[0]!.messages;
    expect(seen[0]).toEqual({ role: "system", content: "You refund." });
    expect(seen.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(seen[3]!.content).toMatch(/Agent Billing is now handling the request, because: a refund/);
    expect(billing.calls[0]!.options.tools?.map((t) => t.name)).toEqual(["refund"]);

    const trace = expectTrace(tracing.spans()).toBeOneTrace().toHaveSpan("execute_tool handoff", { parent: "step callTool" }).toHaveNoErrors();
    const turns = trace
      .spans(/^invoke_agent /)
      .sort((a, b) => Number(a.attributes["weft.agent.turn"]) - Number(b.attributes["weft.agent.turn"]))
      .map((s) => s.attributes["gen_ai.agent.name"]);
    expect(turns).toEqual(["Triage", "Billing", "Billing"]);
  });

  it("answers a hand-off to an agent it may not reach with a tool error, and stays", async () => {
    const triage = new MockLLM({ responses: [{ toolCalls: [{ name: "handoff", arguments: { to_agent: "Nobody", reason: "?" } }] }, "I will help myself."] });
    const result = await support(triage, new MockLLM()).run({ input: "hi" });
    expect(result).toMatchObject({ agent: "Triage", text: "I will help myself." });
    expect(result.toolCalls[0]).toMatchObject({ toolName: "handoff", isError: true, toolOutput: expect.stringMatching(/to_agent/) });
  });

  it("lets a run replace each agent's model by its resource name, llm.<agent>", async () => {
    const triage = new MockLLM({ responses: ["from the default"] });
    const replacement = new MockLLM({ responses: ["from the run"] });
    const result = await support(triage, new MockLLM()).run({ input: "hi" }, { resources: { "llm.Triage": replacement } });
    expect(result.text).toBe("from the run");
    expect(triage.calls).toHaveLength(0);
  });

  it("checks the agents when the workflow is built", () => {
    const llm = new MockLLM();
    expect(() => agentWorkflow({ agents: [{ name: "A", llm, canHandoffTo: ["B"] }] })).toThrow(/canHandoffTo names "B", which is not one of the agents/);
    expect(() => agentWorkflow({ agents: [{ name: "A", llm }, { name: "A", llm }] })).toThrow(/two agents are named "A"/);
    expect(() => agentWorkflow({ agents: [{ name: "A", llm }], rootAgent: "Z" })).toThrow(/rootAgent "Z" is not one of the agents/);
    expect(() => agentWorkflow({ agents: [] })).toThrow(/at least one agent/);
  });
});
