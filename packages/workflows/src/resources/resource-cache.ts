import { ResourceError } from "./resource-error.js";
import type { Resource } from "./resource.js";

/**
 * The values built for one scope (a workflow, a run or a step call). Concurrent requests share one build, so a
 * factory runs once per scope; a failed build is forgotten so a later request tries again.
 */
export class ResourceCache {
  private readonly builds = new Map<Resource, Promise<unknown>>();
  private readonly disposers: { name: string; close: () => unknown }[] = [];

  get(resource: Resource, build: () => Promise<unknown>, disposable: boolean): Promise<unknown> {
    let pending = this.builds.get(resource);
    if (!pending) {
      pending = build().then(
        (value) => {
          if (disposable && resource.dispose) this.disposers.push({ name: resource.name, close: () => resource.dispose!(value) });
          return value;
        },
        (error: unknown) => {
          this.builds.delete(resource);
          throw error;
        },
      );
      this.builds.set(resource, pending);
    }
    return pending;
  }

  get size(): number {
    return this.builds.size;
  }

  /** Closes every built value, last built first. Returns the failures instead of throwing, so none hides another. */
  async dispose(): Promise<ResourceError[]> {
    const failures: ResourceError[] = [];
    const disposers = this.disposers.splice(0).reverse();
    this.builds.clear();
    for (const { name, close } of disposers) {
      try {
        await close();
      } catch (cause) {
        failures.push(new ResourceError(name, `Disposing resource "${name}" failed: ${(cause as Error)?.message ?? cause}`, { cause }));
      }
    }
    return failures;
  }
}
