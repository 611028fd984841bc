import { ResourceCache } from "./resource-cache.js";
import { ResourceError } from "./resource-error.js";
import type { MaybePromise, Resource, ResourceBuildInfo, ResourceMap } from "./resource.js";

/** A replacement for a resource: a value, or a factory (a function) that builds it. */
export type ResourceOverride<T> = T | (() => MaybePromise<T>);

/** Replacements by resource name. */
export type ResourceOverrides = ReadonlyMap<string, ResourceOverride<unknown>>;

/** The scopes one step call can draw from. */
export interface ResourceScopes {
  workflow: ResourceCache;
  run: ResourceCache;
  call: ResourceCache | undefined;
  /** Replacements from `workflow.withResources()`, built in the workflow scope. */
  workflowOverrides: ResourceOverrides;
  /** Replacements from `run(…, { resources })`, built in the run scope. */
  runOverrides: ResourceOverrides;
  runId: string;
  stepName?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Builds (or reuses) a resource's value in the scope it belongs to, replacements first. */
export function resolveResource(res: Resource, scopes: ResourceScopes): Promise<unknown> {
  const runOverride = scopes.runOverrides.get(res.name);
  if (runOverride !== undefined || scopes.runOverrides.has(res.name)) {
    return scopes.run.get(res, () => buildOverride(res.name, runOverride), false);
  }
  const workflowOverride = scopes.workflowOverrides.get(res.name);
  if (workflowOverride !== undefined || scopes.workflowOverrides.has(res.name)) {
    return scopes.workflow.get(res, () => buildOverride(res.name, workflowOverride), false);
  }
  const cache = res.scope === "workflow" ? scopes.workflow : res.scope === "run" ? scopes.run : scopes.call;
  if (!cache) throw new ResourceError(res.name, `Resource "${res.name}" is per call but was asked for outside a step call`);
  return cache.get(res, () => buildResource(res, scopes), true);
}

async function buildOverride(name: string, override: unknown): Promise<unknown> {
  if (typeof override !== "function") return override;
  try {
    return await (override as () => unknown)();
  } catch (cause) {
    throw new ResourceError(name, `Resource "${name}" (override) failed to build: ${describe(cause)}`, { cause });
  }
}

async function buildResource(res: Resource, scopes: ResourceScopes): Promise<unknown> {
  const deps = await resolveResources(res.uses(), scopes);
  const info: ResourceBuildInfo = { name: res.name };
  if (res.scope !== "workflow") info.runId = scopes.runId;
  if (res.scope === "call") info.stepName = scopes.stepName;
  try {
    return await res.factory(deps, info);
  } catch (cause) {
    if (cause instanceof ResourceError) throw cause;
    throw new ResourceError(res.name, `Resource "${res.name}" failed to build: ${describe(cause)}`, { cause });
  }
}

/** Resolves a whole map (a step's `resources`, or a factory's `uses`) into values by key. */
export async function resolveResources(map: ResourceMap, scopes: ResourceScopes): Promise<Record<string, unknown>> {
  const keys = Object.keys(map);
  const values = await Promise.all(keys.map((key) => resolveResource(map[key], scopes)));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}

/** Finds dependency cycles among resources, without running any factory. Each cycle is named `a -> b -> a`. */
export function findResourceCycles(roots: Iterable<Resource>): string[] {
  const cycles: string[] = [];
  const done = new Set<Resource>();
  const path: Resource[] = [];
  const visit = (res: Resource): void => {
    const at = path.indexOf(res);
    if (at >= 0) {
      cycles.push([...path.slice(at), res].map((r) => r.name).join(" -> "));
      return;
    }
    if (done.has(res)) return;
    path.push(res);
    for (const dep of Object.values(res.uses())) visit(dep);
    path.pop();
    done.add(res);
  };
  for (const root of roots) visit(root);
  return cycles;
}

/** Every resource reachable from the roots through `uses`, by name. */
export function collectResources(roots: Iterable<Resource>): Map<string, Resource[]> {
  const byName = new Map<string, Resource[]>();
  const seen = new Set<Resource>();
  const visit = (res: Resource): void => {
    if (seen.has(res)) return;
    seen.add(res);
    const list = byName.get(res.name) ?? [];
    list.push(res);
    byName.set(res.name, list);
    for (const dep of Object.values(res.uses())) visit(dep);
  };
  for (const root of roots) visit(root);
  return byName;
}
