export { agentWorkflow, type AgentWorkflow, type AgentRunInput, type AgentOutputOf } from "./agent/agent-workflow.js";
export type {
  AgentConfig,
  AgentRunOptions,
  AgentWorkflowOptions,
  LLMSource,
  MultiAgentOptions,
  SessionMemory,
  SingleAgentOptions,
} from "./agent/agent-options.js";
export type { AgentResult, AgentToolCallRecord } from "./agent/agent-result.js";
export { agentStateSchema, type AgentState } from "./agent/agent-state.js";
export { AgentInput, AgentOutput, AgentStart, AgentStream, AgentToolCall, AgentToolCallResult, AgentTurn } from "./events/agent-events.js";
export { MaxTurnsError } from "./errors/max-turns-error.js";
export { HANDOFF_TOOL } from "./handoff/handoff-tool.js";
export { defineAgentTool } from "./tools/define-agent-tool.js";
export { agentContextOf, type AgentToolContext } from "./tools/agent-tool-context.js";
export { VERSION } from "./version.js";
export { mcpTools, type McpToolsOptions } from "./mcp/mcp-tools.js";
export type { McpClient, McpToolInfo } from "./mcp/mcp-client.js";
