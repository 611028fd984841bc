import { StopEvent, Workflow } from "@weft/workflows";
import type { z } from "zod";
import { AgentInput, AgentStart, AgentToolCall, AgentToolCallResult, AgentTurn } from "../events/agent-events.js";
import type { AgentWorkflowOptions } from "./agent-options.js";
import type { AgentResult } from "./agent-result.js";
import { agentStateSchema, type AgentState } from "./agent-state.js";
import { callModel } from "./call-model.js";
import { callTool } from "./call-tool.js";
import { collectResults } from "./collect-results.js";
import { resolveAgents, type ResolvedAgent } from "./resolve-agents.js";

/** What `run` takes: the user's message and, optionally, whose conversation it continues. */
export interface AgentRunInput {
  input: string;
  sessionId?: string;
}

/** What awaiting a run gives: the parsed `output` when there is a schema, else an `AgentResult`. */
export type AgentOutputOf<O> = O extends z.ZodType ? z.output<O> : AgentResult;

/** The workflow `agentWorkflow` returns: an ordinary `Workflow`, typed by its input and result. */
export type AgentWorkflow<O = undefined> = Workflow<AgentState, AgentRunInput, AgentOutputOf<O>, Record<string, unknown>>;

/**
 * The tool-calling loop as a workflow: the model reads the conversation and either answers (the run ends) or asks for
 * tools, which run concurrently (up to `maxParallelToolCalls`) and whose results — errors included — go back to it.
 *
 * ```text
 * AgentStart ─▶ start ─▶ AgentTurn ─▶ callModel ── no tool calls ──▶ StopEvent(result)
 *                           ▲            │ AgentToolCall × n
 *                           │            ▼
 *                 collectResults ◀─ AgentToolCallResult ◀─ callTool
 * ```
 */
export function agentWorkflow<O extends z.ZodType | undefined = undefined>(options: AgentWorkflowOptions<O>): AgentWorkflow<O> {
  const setup = resolveAgents(options);
  const { resources } = setup;
  const agentOf = (name: string): ResolvedAgent => {
    const agent = setup.agents.get(name);
    // Only a hand-edited snapshot can name an agent this workflow does not have.
    if (!agent) throw new Error(`Agent workflow "${setup.workflowName}": the run names agent "${name}", which this workflow does not have`);
    return agent;
  };

  const workflow = new Workflow({ name: setup.workflowName, timeout: setup.timeout, state: agentStateSchema })
    .step("start", { accepts: [AgentStart], returns: [AgentTurn] }, async (ev, ctx) => {
      let started = false;
      const state = await ctx.store.editState((s) => {
        // A start event sent into a run that is under way starts nothing.
        if (s.transcript.length > 0) return;
        started = true;
        s.sessionId = ev.sessionId;
        s.agent = setup.root;
        s.transcript.push({ role: "user", content: ev.input });
      });
      // Re-run after a restore before the first turn was sent: send it (the model step ignores a turn it already had).
      if (!started) return state.turns === 0 && state.transcript.length === 1 ? new AgentTurn({ turn: 1 }) : undefined;
      ctx.writeEventToStream(new AgentInput({ input: ev.input, sessionId: ev.sessionId, agent: setup.root }));
      return new AgentTurn({ turn: 1 });
    })
    .step("callModel", { accepts: [AgentTurn], returns: [AgentToolCall, StopEvent], resources, retry: setup.retry, numWorkers: 1 }, async (ev, ctx, res) =>
      callModel(setup, agentOf, ev, ctx, res as Record<string, unknown>),
    )
    .step("callTool", { accepts: [AgentToolCall], returns: [AgentToolCallResult], numWorkers: setup.maxParallelToolCalls }, (ev, ctx) =>
      callTool(agentOf, ev, ctx),
    )
    .step("collectResults", { accepts: [AgentToolCallResult], returns: [AgentTurn], numWorkers: 1 }, (_ev, ctx) => collectResults(ctx));
  return workflow as unknown as AgentWorkflow<O>;
}

