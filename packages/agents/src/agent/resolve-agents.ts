import type { LLM, Tool } from "@weft/llm";
import { MemorySessions } from "@weft/memory";
import { isResource, resource, type Resource, type RetryPolicy } from "@weft/workflows";
import { z } from "zod";
import { HANDOFF_TOOL, handoffTool } from "../handoff/handoff-tool.js";
import type { AgentConfig, AgentWorkflowOptions, LLMSource, SessionMemory } from "./agent-options.js";

/** One agent, ready to run: its model is the step resource under `llmKey`. */
export interface ResolvedAgent {
  name: string;
  systemPrompt: string | undefined;
  llmKey: string;
  tools: readonly Tool[];
}

export interface ResolvedAgents {
  workflowName: string;
  root: string;
  agents: ReadonlyMap<string, ResolvedAgent>;
  /** The step resources: every agent's model, and the memory. */
  resources: Record<string, Resource<string, LLM> | Resource<string, SessionMemory>>;
  maxTurns: number;
  maxParallelToolCalls: number;
  output: z.ZodType | undefined;
  timeout: number | null;
  retry: RetryPolicy | undefined;
}

const MEMORY_KEY = "memory";

/** Checks the options, naming each problem, and turns them into agents with resources. */
export function resolveAgents(options: AgentWorkflowOptions<z.ZodType | undefined>): ResolvedAgents {
  if (typeof options !== "object" || options === null) throw new TypeError("agentWorkflow: options must be an object");
  const single = !("agents" in options);
  const configs: readonly AgentConfig[] = single
    ? [{ name: options.name ?? "Agent", llm: options.llm, tools: options.tools, systemPrompt: options.systemPrompt }]
    : options.agents;
  if (!Array.isArray(configs) || configs.length === 0) throw new TypeError("agentWorkflow: options.agents must list at least one agent");

  const names = new Set<string>();
  configs.forEach((agent, i) => {
    if (typeof agent?.name !== "string" || agent.name.trim() === "") throw new TypeError(`agentWorkflow: agents[${i}] needs a name`);
    if (names.has(agent.name)) throw new TypeError(`agentWorkflow: two agents are named "${agent.name}"`);
    names.add(agent.name);
  });
  const root = single ? configs[0]!.name : (options.rootAgent ?? configs[0]!.name);
  if (!names.has(root)) throw new TypeError(`agentWorkflow: rootAgent "${root}" is not one of the agents (${[...names].join(", ")})`);

  const resources: ResolvedAgents["resources"] = { [MEMORY_KEY]: memoryResource(options.memory) };
  const agents = new Map<string, ResolvedAgent>();
  for (const config of configs) {
    const llmKey = `llm:${config.name}`;
    resources[llmKey] = llmResource(config.llm, single ? "llm" : `llm.${config.name}`, config.name);
    agents.set(config.name, { name: config.name, systemPrompt: config.systemPrompt, llmKey, tools: agentTools(config, configs, names) });
  }

  const maxTurns = options.maxTurns ?? 20;
  if (!Number.isInteger(maxTurns) || maxTurns < 1) throw new TypeError(`agentWorkflow: maxTurns must be a whole number ≥ 1, got ${String(maxTurns)}`);
  const maxParallelToolCalls = options.maxParallelToolCalls ?? 4;
  if (!Number.isInteger(maxParallelToolCalls) || maxParallelToolCalls < 1) {
    throw new TypeError(`agentWorkflow: maxParallelToolCalls must be a whole number ≥ 1, got ${String(maxParallelToolCalls)}`);
  }
  if (options.output !== undefined && !(options.output instanceof z.ZodType)) throw new TypeError("agentWorkflow: output must be a zod schema");
  return {
    workflowName: options.name ?? root,
    root,
    agents,
    resources,
    maxTurns,
    maxParallelToolCalls,
    output: options.output,
    timeout: options.timeout === undefined ? null : options.timeout,
    retry: options.retry,
  };
}

function agentTools(config: AgentConfig, all: readonly AgentConfig[], names: ReadonlySet<string>): Tool[] {
  const where = `agentWorkflow: agent "${config.name}"`;
  const tools = [...(config.tools ?? [])];
  const seen = new Set<string>();
  tools.forEach((tool, i) => {
    if (typeof tool?.name !== "string" || typeof tool.call !== "function") throw new TypeError(`${where}: tools[${i}] is not a tool (use defineTool)`);
    if (seen.has(tool.name)) throw new TypeError(`${where}: two tools are named "${tool.name}"`);
    seen.add(tool.name);
  });
  const targets = config.canHandoffTo ?? [];
  for (const target of targets) {
    if (!names.has(target)) throw new TypeError(`${where}: canHandoffTo names "${target}", which is not one of the agents`);
    if (target === config.name) throw new TypeError(`${where}: canHandoffTo names the agent itself`);
  }
  if (targets.length > 0) {
    if (seen.has(HANDOFF_TOOL)) throw new TypeError(`${where}: a tool is named "${HANDOFF_TOOL}", the name of the hand-off tool`);
    tools.push(handoffTool(all.filter((a) => targets.includes(a.name))));
  }
  return tools;
}

function llmResource(llm: LLMSource, name: string, agent: string): Resource<string, LLM> {
  if (isResource(llm)) return llm as Resource<string, LLM>;
  if (typeof (llm as LLM | undefined)?.streamChat !== "function") throw new TypeError(`agentWorkflow: agent "${agent}" needs an llm (an LLM or a resource of one)`);
  return resource(name, () => llm as LLM);
}

function memoryResource(memory: AgentWorkflowOptions["memory"]): Resource<string, SessionMemory> {
  if (memory === undefined) return resource(MEMORY_KEY, () => new MemorySessions(), { dispose: (sessions) => sessions.close() });
  if (isResource(memory)) return memory as Resource<string, SessionMemory>;
  if (typeof memory.forSession !== "function") throw new TypeError("agentWorkflow: memory must be a MemorySessions (anything with forSession(sessionId))");
  return resource(MEMORY_KEY, () => memory);
}

export { MEMORY_KEY };
