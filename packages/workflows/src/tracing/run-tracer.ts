import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context as OtelContext,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
} from "@opentelemetry/api";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_INPUT_MIME_TYPE,
  ATTR_INPUT_VALUE,
  ATTR_OPENINFERENCE_SPAN_KIND,
  ATTR_OUTPUT_MIME_TYPE,
  ATTR_OUTPUT_VALUE,
  ATTR_WEFT_EVENT_INPUT_TYPE,
  ATTR_WEFT_EVENT_TYPE,
  ATTR_WEFT_STEP_ATTEMPT,
  ATTR_WEFT_STEP_NAME,
  ATTR_WEFT_WORKFLOW_NAME,
  attributeJson,
  EVENT_WEFT_EVENT,
  recordError,
  REDACTED,
  type Redaction,
} from "@weft/core";
import { TRACE, type Event } from "../events/event.js";
import { resultOf } from "../events/builtin-events.js";
import { WorkflowTimeoutError } from "../errors/errors.js";
import type { Tick } from "../runtime/reducer.js";
import { watchTick, type RunEnding, type RunObserver, type TickWatcher } from "../runtime/run-observer.js";
import type { Execution, RunState } from "../runtime/run-state.js";
import type { StepDefinition } from "../workflow/step-definition.js";
import { LinkedContext } from "./linked-context.js";
import { workflowTracer } from "./workflow-tracer.js";

const RUN_SPAN_OPTIONS = { kind: SpanKind.INTERNAL };
/** A step span with no link (its input came from the run itself) shares these options: the SDK only reads them. */
const STEP_SPAN_OPTIONS = { kind: SpanKind.INTERNAL };

/** Span names made once per workflow and step, not per span (the SDK keeps the string it is given). */
const runSpanNames = new WeakMap<object, string>();
const stepSpanNames = new WeakMap<StepDefinition, string>();

/** Keyed by the run's host, one per workflow: a map by name would keep every name a program ever made up. */
function runSpanName(host: object, workflowName: string): string {
  let name = runSpanNames.get(host);
  if (name === undefined) runSpanNames.set(host, (name = `invoke_workflow ${workflowName}`));
  return name;
}

function stepSpanName(def: StepDefinition): string {
  let name = stepSpanNames.get(def);
  if (name === undefined) stepSpanNames.set(def, (name = `step ${def.name}`));
  return name;
}

/**
 * What tracing remembers of an event: the span that produced it, so the consuming step's span can link back, and its
 * payload JSON, made once and used for the producer's span event, its `output.value` and the consumer's `input.value`.
 */
interface EventTrace {
  producer: SpanContext | undefined;
  payload: string | undefined;
}

/** Kept on the event itself: a WeakMap entry per event cost more to write and to collect than the whole lookup. */
function traceOf(event: Event): EventTrace {
  return ((event[TRACE] as EventTrace | undefined) ??= { producer: undefined, payload: undefined });
}

export type EmitKind = "returned" | "sent" | "stream" | "input";

export interface RunTraceInfo {
  workflowName: string;
  runId: string;
  sessionId?: string;
  metadata?: Record<string, unknown>;
  /** Set when resuming: the original run's traceparent, which this run continues. */
  resumedFrom?: string;
}

function traceparentContext(traceparent: string): OtelContext | undefined {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent);
  if (!m) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true });
}

/**
 * The spans of one run: the run span, one span per step attempt under it (linked to the span that produced its
 * input), and span events for every event emitted. A run without a tracer provider has none and does none of this
 * work. A run the sampler left out has only its non-recording run span, whose context its steps run in: spans
 * started inside them (LLM calls) then follow that decision instead of starting traces of their own.
 */
export class RunTracer implements RunObserver, TickWatcher {
  private readonly runContext: OtelContext;
  /**
   * The spans of the step attempts in progress, by execution id: tracing's own, the run's state holds no live object.
   * The first one in progress sits in a field of its own, the others in a map: a chain of steps (one at a time) then
   * never touches the map (a set, two gets and a delete per step, with the map's table churning as ids move on).
   */
  private soleId = -1;
  private soleSpan: Span | undefined = undefined;
  /** Made when a second step runs beside the first: a chain never has one. */
  private spans: Map<number, Span> | null = null;

  private constructor(
    private readonly runSpan: Span,
    parent: OtelContext,
    private readonly redaction: Redaction,
    private readonly runId: string,
    private readonly tracer: Tracer,
    /** False for a run the sampler left out. */
    private readonly recording: boolean,
  ) {
    this.runContext = trace.setSpan(LinkedContext.on(parent), runSpan);
  }

  /** Starts the run span under the active span (or, when resuming, under the original run); null when tracing is off. */
  static start(info: RunTraceInfo, host: { redaction(): Redaction }): RunTracer | null {
    const tracer = workflowTracer();
    if (tracer === undefined) return null;
    const resumed = info.resumedFrom ? traceparentContext(info.resumedFrom) : undefined;
    const parent = resumed ?? context.active();
    const links: Link[] | undefined = resumed && [{ context: trace.getSpanContext(resumed)!, attributes: { "weft.link": "resumed_from" } }];
    const span = tracer.startSpan(runSpanName(host, info.workflowName), links ? { ...RUN_SPAN_OPTIONS, links } : RUN_SPAN_OPTIONS, parent);
    if (!span.isRecording()) {
      // left out by the sampler: no step spans, so no run id to put on them (reading it would make one)
      if (trace.isSpanContextValid(span.spanContext())) return new RunTracer(span, parent, host.redaction(), "", tracer, false);
      span.end();
      return null;
    }
    let metadata: string | undefined;
    if (info.metadata) {
      try {
        metadata = JSON.stringify(info.metadata);
      } catch (cause) {
        span.end();
        throw new TypeError(`run(…, { metadata }): the metadata must be JSON for the run's span: ${(cause as Error).message}`, { cause });
      }
    }
    // One by one, in the order they always had, rather than an object for setAttributes to walk with for…in.
    const runId = info.runId;
    span.setAttribute(ATTR_OPENINFERENCE_SPAN_KIND, "CHAIN");
    span.setAttribute(ATTR_GEN_AI_OPERATION_NAME, "invoke_workflow");
    span.setAttribute(ATTR_GEN_AI_WORKFLOW_NAME, info.workflowName);
    span.setAttribute(ATTR_WEFT_WORKFLOW_NAME, info.workflowName);
    span.setAttribute("weft.run.id", runId);
    if (info.resumedFrom) span.setAttribute("weft.run.resumed", true);
    if (info.sessionId) span.setAttribute("session.id", info.sessionId);
    if (metadata !== undefined) span.setAttribute("metadata", metadata);
    return new RunTracer(span, parent, host.redaction(), runId, tracer, true);
  }

  /** The run span's W3C traceparent, stored in snapshots. */
  traceparent(): string {
    const carrier: Record<string, string> = {};
    propagation.inject(this.runContext, carrier, { set: (c, k, v) => ((c as Record<string, string>)[k] = v) });
    if (carrier.traceparent) return carrier.traceparent;
    const sc = this.runSpan.spanContext();
    return `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags.toString(16).padStart(2, "0")}`;
  }

  private payload(record: EventTrace, event: Event, hidden: boolean): string {
    if (hidden) return REDACTED;
    return (record.payload ??= attributeJson(event.toData(), this.redaction.maxValueLength));
  }

  ticked(tick: Tick, state: RunState): void {
    // a run the sampler left out has no step spans: nothing in a tick concerns it
    if (this.recording) watchTick(tick, state, this);
  }

  returned(exec: Execution, event: Event): void {
    this.eventEmitted(exec, event, "returned");
  }

  sent(from: Execution | null, event: Event): void {
    this.eventEmitted(from, event, "sent");
  }

  published(event: Event, from: Execution | null): void {
    this.eventEmitted(from, event, "stream");
  }

  /**
   * Ends the run span: ERROR only for a failure, not for a cancel or a run that ends while waiting for input. The stop
   * event gets no span event on the run span (its result is the run's output.value). It used to be added after the
   * span had ended, where it was dropped — and the SDK built an Error per run to warn about it.
   */
  ended(ending: RunEnding, state: RunState): void {
    const span = this.runSpan;
    if (!this.recording) {
      span.end();
      return;
    }
    // most runs end with no step in progress: no iterator over the run's executions for them
    if (this.soleId !== -1 || (this.spans !== null && this.spans.size > 0)) this.abandonSpans(state.active);
    if (ending.kind === "finish") {
      const result = resultOf(ending.stop);
      span.setAttribute("weft.run.status", "completed");
      span.setAttribute(ATTR_OUTPUT_VALUE, this.redaction.hideOutputs ? REDACTED : attributeJson(result, this.redaction.maxValueLength));
      span.setAttribute(ATTR_OUTPUT_MIME_TYPE, typeof result === "string" ? "text/plain" : "application/json");
      span.setStatus({ code: SpanStatusCode.OK });
    } else if (state.status !== "cancelled") {
      span.setAttribute("weft.run.status", "failed");
      if (ending.waitingForInput && ending.error instanceof WorkflowTimeoutError) span.setAttribute("weft.run.waiting_for_input", true);
      else recordError(span, ending.error);
    } else {
      span.setAttribute("weft.run.status", "cancelled");
      span.setAttribute("weft.run.waiting_for_input", ending.waitingForInput);
    }
    span.end();
  }

  input(event: Event): void {
    if (!this.recording) return;
    this.runSpan.setAttribute(ATTR_INPUT_VALUE, this.redaction.hideInputs ? REDACTED : attributeJson(event.toJSON(), this.redaction.maxValueLength));
    this.runSpan.setAttribute(ATTR_INPUT_MIME_TYPE, "application/json");
  }

  /** The context to run a step attempt's handler in: its span's (spans started inside nest under it). */
  contextOf(exec: Execution): OtelContext {
    const span = this.spanOf(exec.id);
    return span ? trace.setSpan(this.runContext, span) : this.runContext;
  }

  /** Starts the span of one step attempt. */
  stepStarted(exec: Execution): void {
    if (!this.recording) return;
    const event = exec.event;
    const record = traceOf(event);
    const producer = record.producer;
    const def = exec.slot.def;
    const options =
      producer === undefined
        ? STEP_SPAN_OPTIONS
        : { kind: SpanKind.INTERNAL, links: [{ context: producer, attributes: { [ATTR_WEFT_EVENT_TYPE]: event.eventName, "weft.event.id": event.eventId } }] };
    const span = this.tracer.startSpan(stepSpanName(def), options, this.runContext);
    // Set one by one on the span: attributes passed to startSpan are sanitized twice and validated a third time by the
    // SDK, which made them the largest share of a traced step's cost.
    span.setAttribute(ATTR_OPENINFERENCE_SPAN_KIND, "CHAIN");
    span.setAttribute(ATTR_WEFT_STEP_NAME, def.name);
    span.setAttribute(ATTR_WEFT_STEP_ATTEMPT, exec.attempt);
    span.setAttribute("weft.step.worker", exec.worker);
    span.setAttribute(ATTR_WEFT_EVENT_INPUT_TYPE, event.eventName);
    span.setAttribute("weft.run.id", this.runId);
    span.setAttribute(ATTR_INPUT_VALUE, this.payload(record, event, this.redaction.hideInputs));
    span.setAttribute(ATTR_INPUT_MIME_TYPE, "application/json");
    if (this.soleId === -1) {
      this.soleId = exec.id;
      this.soleSpan = span;
    } else (this.spans ??= new Map()).set(exec.id, span);
  }

  private spanOf(id: number): Span | undefined {
    return id === this.soleId ? this.soleSpan : this.spans?.get(id);
  }

  /** Forgets the span of execution `id` and returns it. */
  private takeSpan(id: number): Span | undefined {
    if (id !== this.soleId) {
      const span = this.spans?.get(id);
      if (span !== undefined) this.spans!.delete(id);
      return span;
    }
    const span = this.soleSpan;
    this.soleId = -1;
    this.soleSpan = undefined;
    return span;
  }

  /** Records an emitted event on the span of the step that emitted it (or the run span, from outside). */
  private eventEmitted(exec: Execution | null, event: Event, kind: EmitKind): void {
    if (!this.recording) return;
    const span = (exec && this.spanOf(exec.id)) ?? this.runSpan;
    const record = traceOf(event);
    span.addEvent(EVENT_WEFT_EVENT, {
      [ATTR_WEFT_EVENT_TYPE]: event.eventName,
      "weft.event.id": event.eventId,
      "weft.event.kind": kind,
      "weft.event.payload": this.payload(record, event, this.redaction.hideOutputs),
    });
    // Only a step is a producer worth a link: an event from the run itself (the start event, a human's answer) would
    // link to the run span, which is already the consumer's parent.
    if (exec && kind !== "stream") record.producer = span.spanContext();
  }

  stepDone(exec: Execution, result: unknown): void {
    const span = this.takeSpan(exec.id);
    if (!span) return;
    if (result && typeof result === "object" && "toData" in result) {
      const ev = result as Event;
      span.setAttribute(ATTR_OUTPUT_VALUE, this.payload(traceOf(ev), ev, this.redaction.hideOutputs));
      span.setAttribute(ATTR_OUTPUT_MIME_TYPE, "application/json");
    }
    span.end();
  }

  stepFailed(exec: Execution, error: unknown, willRetry: boolean, aborted: boolean): void {
    const span = this.takeSpan(exec.id);
    if (!span) return;
    // a step cut off by the run's end did not fail: its span just ends
    if (!aborted) {
      recordError(span, error);
      if (willRetry) span.setAttribute("weft.step.will_retry", true);
    }
    span.end();
  }

  /** Ends the spans of steps still in progress when the run ended, marked abandoned. */
  private abandonSpans(inProgress: Iterable<Execution>): void {
    for (const exec of inProgress) {
      const span = this.takeSpan(exec.id);
      if (!span) continue;
      span.setAttribute("weft.step.abandoned", true);
      span.end();
    }
  }

  /** `trace_id`/`span_id` for log records: the step's span, or the run's. */
  ids(exec: Execution | null): { trace_id: string; span_id: string } {
    const sc = ((exec && this.spanOf(exec.id)) ?? this.runSpan).spanContext();
    return { trace_id: sc.traceId, span_id: sc.spanId };
  }
}

/** Runs `fn` with `ctx` active, so spans started inside (LLM calls, memory) nest under the step. */
export function runInContext<T>(ctx: OtelContext, fn: () => T): T {
  return context.with(ctx, fn);
}
