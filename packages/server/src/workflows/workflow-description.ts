import { z } from "zod";
import type { AnyEventClass } from "@weft/workflows";
import type { AnyWorkflow } from "../runs/run-driver.js";

export type JsonSchema = Record<string, unknown>;

/** An event class's JSON Schema; a class without a schema takes any fields. */
export function eventSchema(cls: AnyEventClass): JsonSchema {
  if (!cls.schema) return { type: "object", additionalProperties: true };
  return z.toJSONSchema(cls.schema, { unrepresentable: "any", io: "input" }) as JsonSchema;
}

/** Every event class the workflow's steps accept or return, once each, in step order. */
export function eventClasses(workflow: AnyWorkflow): AnyEventClass[] {
  const seen = new Map<string, AnyEventClass>();
  for (const step of workflow.steps) for (const cls of [...step.accepts, ...step.returns]) if (!seen.has(cls.eventName)) seen.set(cls.eventName, cls);
  return [...seen.values()];
}

/** `GET /workflows/{name}/schema`: the start and stop events' JSON Schemas. */
export function startStopSchemas(workflow: AnyWorkflow): { start: JsonSchema; stop: JsonSchema[] } {
  const stops = eventClasses(workflow).filter((cls) => workflow.isStopClass(cls));
  return { start: eventSchema(workflow.startEventClass), stop: stops.map(eventSchema) };
}

export interface GraphNode {
  id: string;
  label: string;
  kind: "step" | "event";
}

export interface GraphEdge {
  source: string;
  target: string;
}

/** `GET /workflows/{name}/representation`: steps and events as a graph, plus the Mermaid text. */
export function representation(workflow: AnyWorkflow): { graph: { nodes: GraphNode[]; edges: GraphEdge[] }; mermaid: string } {
  const nodes: GraphNode[] = eventClasses(workflow).map((cls) => ({ id: `event:${cls.eventName}`, label: cls.eventName, kind: "event" }));
  const edges: GraphEdge[] = [];
  for (const step of workflow.steps) {
    const id = `step:${step.name}`;
    nodes.push({ id, label: step.name, kind: "step" });
    for (const cls of step.accepts) edges.push({ source: `event:${cls.eventName}`, target: id });
    for (const cls of step.returns) edges.push({ source: id, target: `event:${cls.eventName}` });
  }
  return { graph: { nodes, edges }, mermaid: workflow.toMermaid() };
}
