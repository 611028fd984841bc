import { pathToFileURL } from "node:url";
import { baselineEntry } from "../baseline/baseline.js";
import type { Engine } from "./engine.js";
import { weftWorkloads, type WeftApi } from "./weft.js";

/** The same workloads on the engine before the run journal, built by `ensureBaseline()` (main.ts builds it first). */
export async function weftBeforeEngine(): Promise<Engine> {
  const api = (await import(pathToFileURL(baselineEntry).href)) as WeftApi;
  return weftWorkloads(api, { name: "weft before" });
}
