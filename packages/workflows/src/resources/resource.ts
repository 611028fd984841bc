/**
 * Where a built resource lives: `workflow` (default) is built once per workflow instance and shared by its steps and
 * runs; `run` once per run; `call` once per step call (`cache: false`).
 */
export type ResourceScope = "workflow" | "run" | "call";

export type MaybePromise<T> = T | Promise<T>;

/** Resources a factory depends on, by the key it reads them under. */
export type ResourceMap = Record<string, Resource<string, unknown>>;

/** The values of a resource map, by key. */
export type ResolvedResources<M> = { [K in keyof M]: M[K] extends Resource<string, infer T> ? T : never };

/** What a factory is told about the call it builds for. */
export interface ResourceBuildInfo {
  /** The resource's name. */
  name: string;
  /** The run that asked, when the scope is `run` or `call`. */
  runId?: string;
  /** The step that asked, when the scope is `call`. */
  stepName?: string;
}

export type ResourceFactory<T, Uses extends ResourceMap = ResourceMap> = (
  deps: ResolvedResources<Uses>,
  info: ResourceBuildInfo,
) => MaybePromise<T>;

export interface ResourceOptions<T, Uses extends ResourceMap = ResourceMap> {
  /** `false` builds a fresh value for every step call (scope `call`). Default `true`. */
  cache?: boolean;
  /** Overrides `cache`: `workflow` (default), `run` or `call`. */
  scope?: ResourceScope;
  /** Resources the factory receives as its first argument. A thunk allows declaring them before they exist. */
  uses?: Uses | (() => Uses);
  /** Closes a built value: per-call and per-run values when their call or run ends, cached ones on `workflow.close()`. */
  dispose?: (value: T) => MaybePromise<void>;
}

/** A named, declared dependency of steps. Build one with `resource()`. */
export interface Resource<N extends string = string, T = unknown> {
  readonly kind: "weft.resource";
  readonly name: N;
  readonly scope: ResourceScope;
  readonly factory: ResourceFactory<T>;
  /** Method syntax on purpose: it keeps `Resource<N, T>` assignable to `Resource<string, unknown>`. */
  dispose?(value: T): MaybePromise<void>;
  /** The resources the factory uses, by key. */
  uses(): ResourceMap;
}

/** The value type of a resource. */
export type ResourceValue<R> = R extends Resource<string, infer T> ? T : never;

/**
 * Declares a resource: `resource("llm", () => new OpenAILLM({ model }))`.
 * Factories may be async and may use other resources: `resource("memory", ({ llm }) => …, { uses: { llm } })`.
 */
export function resource<const N extends string, T, Uses extends ResourceMap = {}>(
  name: N,
  factory: ResourceFactory<T, Uses>,
  options: ResourceOptions<T, Uses> = {},
): Resource<N, T> {
  if (!name || typeof name !== "string") throw new TypeError("resource: the name must be a non-empty string");
  if (typeof factory !== "function") throw new TypeError(`resource("${name}"): the factory must be a function`);
  const scope: ResourceScope = options.scope ?? (options.cache === false ? "call" : "workflow");
  const uses = options.uses;
  return {
    kind: "weft.resource",
    name,
    scope,
    factory: factory as ResourceFactory<T>,
    dispose: options.dispose,
    uses: () => ((typeof uses === "function" ? uses() : uses) ?? {}) as ResourceMap,
  };
}

export function isResource(value: unknown): value is Resource {
  return typeof value === "object" && value !== null && (value as Resource).kind === "weft.resource";
}
