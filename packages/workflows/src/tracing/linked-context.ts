import type { Context } from "@opentelemetry/api";

const NO_KEY: unique symbol = Symbol("weft.no-key");

/**
 * An OpenTelemetry context that adds one value on top of another. The API's own context copies its whole Map and
 * makes three closures on every `setValue`; a traced run sets a span on its context once per step, so this keeps that
 * to one small object. Immutable like every context: a lookup falls through to the parent.
 */
export class LinkedContext implements Context {
  private constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  /** A context with `parent`'s values whose `setValue` makes linked contexts. */
  static on(parent: Context): Context {
    return new LinkedContext(parent, NO_KEY, undefined);
  }

  getValue(key: symbol): unknown {
    let ctx: Context = this;
    // a loop, not recursion: contexts stack up as spans nest
    while (ctx instanceof LinkedContext) {
      if (ctx.key === key) return ctx.value;
      ctx = ctx.parent;
    }
    return ctx.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value);
  }

  /** A deleted value reads as undefined, which is what a context returns for a key it never had. */
  deleteValue(key: symbol): Context {
    return new LinkedContext(this, key, undefined);
  }
}
