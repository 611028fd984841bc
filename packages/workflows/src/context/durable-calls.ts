import type { DurableCall, DurableCallOptions, StepDurable } from "@weft/core";
import { WorkflowRuntimeError } from "../errors/errors.js";
import type { Execution } from "../runtime/run-state.js";
import { plainJson } from "./plain-json.js";

/** One completed durable call as the journal keeps it: its position in its step execution, what it was, its value. */
export interface DurableCallRecord {
  index: number;
  name: string;
  key?: string;
  value?: unknown;
}

/**
 * The durable calls of a journaled run's step executions (`ctx.durable`, an LLM resource's calls). Each execution
 * numbers its calls 0, 1, … in the order it makes them; a rebuilt run restores the calls its journal completed, so
 * the execution that runs again gets those values back at the same positions instead of doing the work again.
 * A retry is a new execution with calls of its own: it runs because the attempt before it failed.
 */
export class DurableCalls {
  // made on first use: most journaled runs make no durable call, and a WeakMap is not free
  #positions: WeakMap<Execution, number> | null = null;
  #recorded: WeakMap<Execution, Map<number, DurableCallRecord>> | null = null;

  /** `journal` records a completed call (the run decides whether it still records). */
  constructor(private readonly journal: (exec: Execution, call: DurableCallRecord) => void) {}

  /** A completed call from the journal of a rebuilt run; a later record of a position replaces an earlier one. */
  restore(exec: Execution, call: DurableCallRecord): void {
    const recorded = (this.#recorded ??= new WeakMap());
    let calls = recorded.get(exec);
    if (calls === undefined) recorded.set(exec, (calls = new Map()));
    calls.set(call.index, call);
  }

  /** What the step-scope protocol hands an execution's resources. */
  scope(exec: Execution): StepDurable {
    const calls = this;
    return {
      begin<T>(name: string, options?: DurableCallOptions): DurableCall<T> {
        return calls.begin<T>(exec, name, options);
      },
    };
  }

  begin<T>(exec: Execution, name: string, options: DurableCallOptions = {}): DurableCall<T> {
    const positions = (this.#positions ??= new WeakMap());
    const index = positions.get(exec) ?? 0;
    positions.set(exec, index + 1);
    const step = exec.slot.def.name;
    const recorded = this.#recorded?.get(exec)?.get(index);
    if (recorded !== undefined) {
      if (recorded.name === name && recorded.key === options.key) {
        // a copy: the journal's value must stay as it was recorded, whatever the step does with what it gets
        return { recorded: { value: structuredClone(recorded.value) as T }, complete: noop };
      }
      if (options.onMismatch !== "run") {
        const was = recorded.name === name ? `"${name}" with another key` : `"${recorded.name}"`;
        throw new WorkflowRuntimeError(
          `Durable call ${index + 1} of step "${step}" is "${name}", but the journal recorded ${was} there: ` +
            "a step must make its durable calls in the same order each time it runs (did its code change?)",
        );
      }
    }
    let done = false;
    return {
      recorded: undefined,
      complete: (value: T) => {
        if (done) return;
        done = true;
        const call: DurableCallRecord = { index, name };
        if (options.key !== undefined) call.key = options.key;
        const json = plainJson(value, `durable call "${name}" of step "${step}"`);
        if (json !== undefined) call.value = json;
        this.journal(exec, call);
      },
    };
  }
}

function noop(): void {}

/**
 * `ctx.durable(name, fn)`: with no journal, just `fn()`; else the value recorded at this position, or `fn()` run and
 * its value recorded. A `fn` that throws records nothing: it runs again when the step does.
 */
export function runDurable<T>(calls: DurableCalls | null, exec: Execution, name: string, fn: () => T | PromiseLike<T>): Promise<T> {
  if (typeof name !== "string" || name === "") throw new TypeError(`ctx.durable in step "${exec.slot.def.name}": the name must be a non-empty string`);
  if (typeof fn !== "function") throw new TypeError(`ctx.durable("${name}") in step "${exec.slot.def.name}": the second argument must be a function`);
  if (calls === null) {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  let call: DurableCall<T>;
  try {
    call = calls.begin<T>(exec, name);
  } catch (error) {
    return Promise.reject(error);
  }
  if (call.recorded) return Promise.resolve(call.recorded.value);
  return (async () => {
    const value = await fn();
    call.complete(value);
    return value;
  })();
}
