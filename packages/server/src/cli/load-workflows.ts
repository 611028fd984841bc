import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyWorkflow } from "../runs/run-driver.js";

/** A workflow from any copy of `@weft/workflows` (the module may bring its own): recognised by shape. */
function isWorkflow(value: unknown): value is AnyWorkflow {
  const v = value as Partial<AnyWorkflow> | null;
  return typeof v === "object" && v !== null && typeof v.run === "function" && typeof v.validate === "function" && Array.isArray(v.steps);
}

/** Imports a `.ts` (through tsx) or `.js` module and returns the workflows it exports, by name. */
export async function loadWorkflows(modulePath: string): Promise<AnyWorkflow[]> {
  const file = resolve(modulePath);
  const url = pathToFileURL(file).href;
  if (/\.[mc]?tsx?$/.test(file)) {
    // register (not tsImport): tsImport loads a module graph of its own, so the module would get a second copy of
    // @weft/workflows, whose events and errors fail the server's instanceof checks
    const { register } = await import("tsx/esm/api");
    register();
  }
  const mod = (await import(url)) as Record<string, unknown>;
  const found = new Map<string, AnyWorkflow>();
  for (const value of Object.values(mod)) if (isWorkflow(value) && !found.has(value.name)) found.set(value.name, value);
  if (found.size === 0) throw new Error(`${modulePath} exports no Workflow (export each one: export const myFlow = new Workflow(…))`);
  return [...found.values()];
}
