import type { Execution } from "./run-state.js";

/**
 * A run's executions in progress, in start order. Linked through the executions themselves, so adding and removing
 * allocate nothing: a `Set` rebuilds its hash table every few deletes, and a run adds and removes one per step.
 */
export class ExecutionList implements Iterable<Execution> {
  private head: Execution | undefined;
  private tail: Execution | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(exec: Execution): void {
    if (exec.listed) return;
    exec.listed = true;
    exec.prevListed = this.tail;
    exec.nextListed = undefined;
    if (this.tail) this.tail.nextListed = exec;
    else this.head = exec;
    this.tail = exec;
    this.count++;
  }

  delete(exec: Execution): boolean {
    if (!exec.listed) return false;
    const { prevListed: prev, nextListed: next } = exec;
    if (prev) prev.nextListed = next;
    else this.head = next;
    if (next) next.prevListed = prev;
    else this.tail = prev;
    exec.listed = false;
    exec.prevListed = exec.nextListed = undefined;
    this.count--;
    return true;
  }

  *[Symbol.iterator](): Iterator<Execution> {
    for (let exec = this.head; exec; exec = exec.nextListed) yield exec;
  }
}
