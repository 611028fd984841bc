import { InProcessRuntime, MemoryJournal } from "@weft/workflows";
import type { Engine } from "./engine.js";
import { weftEngine } from "./weft.js";

/** Today's engine with an in-memory journal attached: every run records into a `MemoryJournal` of its own. */
export function weftJournaledEngine(): Engine {
  return weftEngine({ name: "weft, in-memory journal", runtime: new InProcessRuntime({ journal: () => new MemoryJournal() }) });
}
