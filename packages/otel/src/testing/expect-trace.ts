import { SpanStatusCode, type AttributeValue, type SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { formatSpanTree } from "../format/format-span-tree.js";
import { describeMatcher, matchesSpan, type SpanMatcher } from "./span-matcher.js";
import { isLlmSpan, isRunSpan, isStepSpan } from "./span-roles.js";
import { TraceAssertionError } from "./trace-assertion-error.js";

export type ExpectedAttribute = AttributeValue | RegExp;

function key(span: ReadableSpan): string {
  return `${span.spanContext().traceId}/${span.spanContext().spanId}`;
}

function sameValue(actual: AttributeValue | undefined, expected: ExpectedAttribute): boolean {
  if (actual === undefined) return false;
  if (expected instanceof RegExp) return typeof actual === "string" && expected.test(actual);
  if (Array.isArray(expected) || Array.isArray(actual)) return JSON.stringify(actual) === JSON.stringify(expected);
  return actual === expected;
}

function show(value: unknown): string {
  return value instanceof RegExp ? String(value) : JSON.stringify(value);
}

/**
 * Assertions on the shape of collected spans. Each one throws a `TraceAssertionError` that prints the
 * whole tree, and returns the expectation so they chain:
 *
 * ```ts
 * expectTrace(tracing.spans()).toBeOneTrace().toHaveStep("critiqueJoke").toHaveLLMCall({ step: "critiqueJoke" });
 * ```
 */
export class TraceExpectation {
  private readonly byKey = new Map<string, ReadableSpan>();

  constructor(private readonly all: readonly ReadableSpan[]) {
    for (const span of all) this.byKey.set(key(span), span);
  }

  /** The spans picked by `matcher` (all spans without one). */
  spans(matcher?: SpanMatcher): ReadableSpan[] {
    return matcher === undefined ? [...this.all] : this.all.filter((span) => matchesSpan(matcher, span));
  }

  /** The first span picked by `matcher`; fails when there is none. */
  span(matcher: SpanMatcher): ReadableSpan {
    const found = this.spans(matcher)[0];
    if (!found) this.fail(`expected a ${describeMatcher(matcher)}, but there is none`);
    return found;
  }

  /** The parent of `span` among the collected spans, if it was collected. */
  parentOf(span: ReadableSpan): ReadableSpan | undefined {
    const parent = span.parentSpanContext;
    return parent ? this.byKey.get(`${parent.traceId}/${parent.spanId}`) : undefined;
  }

  /** Parent, grandparent, … of `span` up to its root. */
  ancestorsOf(span: ReadableSpan): ReadableSpan[] {
    const ancestors: ReadableSpan[] = [];
    for (let parent = this.parentOf(span); parent; parent = this.parentOf(parent)) ancestors.push(parent);
    return ancestors;
  }

  /** All spans share one trace id and exactly one of them is the root. */
  toBeOneTrace(): this {
    if (this.all.length === 0) this.fail("expected one trace, but no span was collected");
    const traceIds = new Set(this.all.map((span) => span.spanContext().traceId));
    if (traceIds.size !== 1) this.fail(`expected one trace, but the spans belong to ${traceIds.size} traces`);
    const roots = this.all.filter((span) => this.parentOf(span) === undefined);
    if (roots.length !== 1) {
      this.fail(`expected one root span, but found ${roots.length}: ${roots.map((s) => `"${s.name}"`).join(", ")}`);
    }
    return this;
  }

  /** A workflow run span (`invoke_workflow …`), of the named workflow when given. */
  toHaveRun(workflowName?: string): this {
    if (!this.all.some((span) => isRunSpan(span, workflowName))) {
      this.fail(`expected a workflow run span${workflowName ? ` for "${workflowName}"` : ""}, but there is none`);
    }
    return this;
  }

  /**
   * A span for the step `stepName` that sits under a workflow run span. With `attempts`, exactly that
   * many executions of the step (one span per attempt).
   */
  toHaveStep(stepName: string, options: { attempts?: number; workflow?: string } = {}): this {
    const steps = this.all.filter((span) => isStepSpan(span, stepName));
    if (steps.length === 0) this.fail(`expected a step "${stepName}", but no span for it was collected`);
    const orphan = steps.find(
      (span) => !this.ancestorsOf(span).some((ancestor) => isRunSpan(ancestor, options.workflow)),
    );
    if (orphan) {
      this.fail(
        `expected step "${stepName}" under a workflow run span${options.workflow ? ` of "${options.workflow}"` : ""}, ` +
          `but its span "${orphan.name}" has no such ancestor`,
      );
    }
    if (options.attempts !== undefined && steps.length !== options.attempts) {
      this.fail(`expected step "${stepName}" to run ${options.attempts} time(s), but it has ${steps.length} span(s)`);
    }
    return this;
  }

  /**
   * An LLM call span; with `step`, one whose enclosing step is that step, with `model`, for that model,
   * with `count`, exactly that many such calls.
   */
  toHaveLLMCall(options: { step?: string; model?: string; count?: number } = {}): this {
    const calls = this.all.filter((span) => {
      if (!isLlmSpan(span, options.model)) return false;
      if (options.step === undefined) return true;
      const enclosingStep = this.ancestorsOf(span).find((ancestor) => isStepSpan(ancestor));
      return enclosingStep !== undefined && isStepSpan(enclosingStep, options.step);
    });
    const what = [
      "an LLM call",
      options.model ? `to model "${options.model}"` : "",
      options.step ? `under step "${options.step}"` : "",
    ]
      .filter(Boolean)
      .join(" ");
    if (options.count === undefined && calls.length === 0) this.fail(`expected ${what}, but there is none`);
    if (options.count !== undefined && calls.length !== options.count) {
      this.fail(`expected ${options.count} × ${what}, but found ${calls.length}`);
    }
    return this;
  }

  /** A span picked by `matcher`, optionally with a given parent and kind. */
  toHaveSpan(matcher: SpanMatcher, options: { parent?: SpanMatcher; kind?: SpanKind } = {}): this {
    const candidates = this.spans(matcher);
    if (candidates.length === 0) this.fail(`expected a ${describeMatcher(matcher)}, but there is none`);
    const { parent, kind } = options;
    if (parent !== undefined) {
      const ok = candidates.some((span) => {
        const actual = this.parentOf(span);
        return actual !== undefined && matchesSpan(parent, actual);
      });
      if (!ok) this.fail(`expected a ${describeMatcher(matcher)} whose parent is a ${describeMatcher(parent)}`);
    }
    if (kind !== undefined && !candidates.some((span) => span.kind === kind)) {
      const kinds = candidates.map((span) => span.kind).join(", ");
      this.fail(`expected a ${describeMatcher(matcher)} of kind ${kind}, but found kind(s) ${kinds}`);
    }
    return this;
  }

  /** A span picked by `matcher` that has the attribute (equal to `expected`, or matching it when a RegExp). */
  toHaveAttribute(matcher: SpanMatcher, attribute: string, expected?: ExpectedAttribute): this {
    const candidates = this.spans(matcher);
    if (candidates.length === 0) this.fail(`expected a ${describeMatcher(matcher)}, but there is none`);
    const ok = candidates.some((span) =>
      expected === undefined ? span.attributes[attribute] !== undefined : sameValue(span.attributes[attribute], expected),
    );
    if (!ok) {
      const actual = candidates.map((span) => show(span.attributes[attribute] ?? null)).join(", ");
      this.fail(
        `expected ${describeMatcher(matcher)} to have attribute "${attribute}"` +
          `${expected === undefined ? "" : ` = ${show(expected)}`}, but it has ${actual}`,
      );
    }
    return this;
  }

  /** A span picked by `matcher` with an event named `eventName` carrying at least `attributes`. */
  toHaveEvent(matcher: SpanMatcher, eventName: string, attributes: Record<string, ExpectedAttribute> = {}): this {
    const candidates = this.spans(matcher);
    if (candidates.length === 0) this.fail(`expected a ${describeMatcher(matcher)}, but there is none`);
    const ok = candidates.some((span) =>
      span.events.some(
        (event) =>
          event.name === eventName &&
          Object.entries(attributes).every(([name, value]) => sameValue(event.attributes?.[name], value)),
      ),
    );
    if (!ok) {
      this.fail(
        `expected ${describeMatcher(matcher)} to have an event "${eventName}"` +
          `${Object.keys(attributes).length ? ` with ${show(attributes)}` : ""}`,
      );
    }
    return this;
  }

  /** A span picked by `from` with a link to a span picked by `to`. */
  toHaveLink(from: SpanMatcher, to: SpanMatcher): this {
    const targets = new Set(this.spans(to).map(key));
    const ok = this.spans(from).some((span) =>
      span.links.some((link) => targets.has(`${link.context.traceId}/${link.context.spanId}`)),
    );
    if (!ok) this.fail(`expected a ${describeMatcher(from)} linking to a ${describeMatcher(to)}`);
    return this;
  }

  /** A span with status ERROR (picked by `matcher` when given), whose message matches when `message` is given. */
  toHaveError(matcher?: SpanMatcher, message?: string | RegExp): this {
    const failed = this.spans(matcher).filter((span) => span.status.code === SpanStatusCode.ERROR);
    const what = matcher === undefined ? "a span" : `a ${describeMatcher(matcher)}`;
    if (failed.length === 0) this.fail(`expected ${what} with status ERROR, but there is none`);
    if (message !== undefined) {
      const ok = failed.some((span) =>
        typeof message === "string" ? (span.status.message ?? "").includes(message) : message.test(span.status.message ?? ""),
      );
      if (!ok) {
        const actual = failed.map((span) => show(span.status.message ?? "")).join(", ");
        this.fail(`expected ${what} with an ERROR message matching ${show(message)}, but the message(s) are ${actual}`);
      }
    }
    return this;
  }

  /** No span has status ERROR. */
  toHaveNoErrors(): this {
    const failed = this.all.filter((span) => span.status.code === SpanStatusCode.ERROR);
    if (failed.length > 0) {
      this.fail(`expected no span with status ERROR, but found ${failed.map((s) => `"${s.name}"`).join(", ")}`);
    }
    return this;
  }

  /** Exactly `count` spans (picked by `matcher` when given). */
  toHaveSpanCount(count: number, matcher?: SpanMatcher): this {
    const actual = this.spans(matcher).length;
    if (actual !== count) {
      const what = matcher === undefined ? "span(s)" : `× ${describeMatcher(matcher)}`;
      this.fail(`expected ${count} ${what}, but found ${actual}`);
    }
    return this;
  }

  private fail(message: string): never {
    const tree = this.all.length > 0 ? formatSpanTree(this.all) : "(no spans)";
    throw new TraceAssertionError(`expectTrace: ${message}.\n\nCollected spans (${this.all.length}):\n${tree}`);
  }
}

/** Starts assertions on a set of spans, e.g. `expectTrace(tracing.spans()).toHaveStep("critiqueJoke")`. */
export function expectTrace(spans: readonly ReadableSpan[]): TraceExpectation {
  return new TraceExpectation(spans);
}
