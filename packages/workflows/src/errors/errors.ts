import type { z } from "zod";

/** Base class of every error the engine raises itself. */
export class WeftError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An event's fields do not fit its schema. `issues` are zod's. */
export class EventValidationError extends WeftError {
  readonly eventName: string;
  readonly issues: z.core.$ZodIssue[];
  constructor(eventName: string, issues: z.core.$ZodIssue[]) {
    const lines = issues.map((i) => `  - ${i.path.length ? i.path.join(".") : "(event)"}: ${i.message}`);
    super(`Invalid ${eventName}:\n${lines.join("\n")}`);
    this.eventName = eventName;
    this.issues = issues;
  }
}

/** The step graph (or the resources it declares) is inconsistent. Every problem is listed, one per line. */
export class WorkflowValidationError extends WeftError {
  readonly problems: string[];
  constructor(workflowName: string, problems: string[]) {
    super(`Workflow "${workflowName}" is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

/** The run (or a step, or a wait) took longer than its timeout. */
export class WorkflowTimeoutError extends WeftError {
  /** Steps that were still running when the time ran out. */
  readonly activeSteps: string[];
  constructor(message: string, activeSteps: string[] = []) {
    super(message);
    this.activeSteps = activeSteps;
  }
}

/** The run was stopped by `handler.cancel()` or by the `signal` passed to `run()`. */
export class WorkflowCancelledError extends WeftError {}

/** The engine was used in a way that cannot work (a step returned an undeclared event, a context is busy, …). */
export class WorkflowRuntimeError extends WeftError {}

/** A context snapshot that does not match this engine or this workflow. */
export class ContextSerializationError extends WeftError {}

/** A store key the store refuses: a segment that would reach an inherited member (`__proto__`, …) or an empty one. */
export class StoreKeyError extends WorkflowRuntimeError {
  /** The whole key, as given. */
  readonly key: string;
  /** The segment that was refused. */
  readonly segment: string;
  constructor(key: string, segment: string, why: string) {
    super(`store key ${JSON.stringify(key)}: segment ${JSON.stringify(segment)} ${why}`);
    this.key = key;
    this.segment = segment;
  }
}

/** A store or state value (or a snapshot) over the context's limits, or one JSON cannot hold (a cycle). */
export class ContextLimitError extends WorkflowRuntimeError {
  /** The dotted path of the value that crossed the limit. */
  readonly path: string;
  /** Which limit: `maxDepth`, `maxSize`, or `cycle` for a value that contains itself. */
  readonly limit: "maxDepth" | "maxSize" | "cycle";
  constructor(label: string, path: string, limit: "maxDepth" | "maxSize" | "cycle", detail: string) {
    super(`${label} ${JSON.stringify(path)} ${detail}`);
    this.path = path;
    this.limit = limit;
  }
}

/** A snapshot whose signature is missing or does not match: it was changed after `toDict({ key })`, or never signed. */
export class SnapshotIntegrityError extends ContextSerializationError {}
