import type { z } from "zod";
import type { Context } from "../context/context.js";
import type { StepContext } from "../context/step-context.js";
import type { AnyEventClass, Event } from "../events/event.js";
import type { StartEvent, StopEvent } from "../events/builtin-events.js";
import type { Runtime } from "../runtime/runtime.js";
import type { MaybePromise, Resource, ResourceMap, ResolvedResources, ResourceValue } from "../resources/resource.js";

/** The instance type of an event class. */
export type InstanceOf<C> = C extends AnyEventClass<infer E> ? E : never;

/** A step handler: gets one accepted event, returns one of its declared events, an array of them (fan-out), or nothing. */
export type StepHandler<A extends readonly AnyEventClass[], R extends readonly AnyEventClass[], M extends ResourceMap, S> = (
  event: InstanceOf<A[number]>,
  ctx: StepContext<S>,
  resources: ResolvedResources<M>,
) => MaybePromise<InstanceOf<R[number]> | readonly InstanceOf<R[number]>[] | void | null | undefined>;

/** The state type a `state` schema makes. */
export type StateOf<Schema> = Schema extends z.ZodObject ? z.output<Schema> : Record<string, unknown>;

/** The input `run()` takes when a step accepts a typed start event. */
export type StartInputOf<A extends readonly AnyEventClass[]> = {
  [K in keyof A]: InstanceOf<A[K]> extends StartEvent ? (A[K] extends abstract new (fields: infer I) => Event ? I : never) : never;
}[number];

/** What awaiting the run gives when a step returns these: `result` of a plain StopEvent, or a typed stop event. */
export type ResultOf<R extends readonly AnyEventClass[]> = {
  [K in keyof R]: InstanceOf<R[K]> extends StopEvent<infer X> ? (unknown extends X ? unknown : InstanceOf<R[K]>) : never;
}[number];

/** The resources of a step's map, by resource name. */
export type ResourcesByName<M extends ResourceMap> = {
  [K in keyof M as M[K] extends Resource<infer N, unknown> ? N : never]: ResourceValue<M[K]>;
};

/** A stand-in for a resource: anything with the same public members (a mock LLM for an OpenAI one). */
export type Replacement<T> = T extends object ? { [K in keyof T]: T[K] } : T;

/** Replacements for resources by name: a value, or a factory returning one. */
export type ResourceOverridesOf<Res> = { [K in keyof Res]?: Replacement<Res[K]> | (() => MaybePromise<Replacement<Res[K]>>) };

export interface RunOptions<S, Res> {
  /** Keeps state across runs; a context from `Context.fromDict` resumes its run. */
  ctx?: Context<S>;
  /** Replaces resources for this run only. */
  resources?: ResourceOverridesOf<Res>;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** `session.id` on the run's span (Phoenix groups runs by it). */
  sessionId?: string;
  /** `metadata` on the run's span. */
  metadata?: Record<string, unknown>;
  /** Where the run executes and is recorded (its clock, its journal); default `inProcessRuntime`. */
  runtime?: Runtime;
}

/** What `run()` accepts as input. */
export type RunInput<StartInput> = [StartInput] extends [never] ? Record<string, unknown> | StartEvent : StartInput | StartEvent;

/** What awaiting a handler gives. */
export type RunResult<Result> = [Result] extends [never] ? unknown : Result;
