import type { Attributes, HrTime, SpanContext, SpanStatus } from "@opentelemetry/api";

/**
 * The part of the SDK's `ReadableSpan` Studio reads, written out here so Studio needs only `@opentelemetry/api`:
 * any SDK 2.x span fits it.
 */
export interface FinishedSpan {
  readonly name: string;
  readonly kind: number;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Attributes;
  readonly events: readonly { name: string; time: HrTime; attributes?: Attributes }[];
  readonly status: SpanStatus;
  readonly resource: { readonly attributes: Attributes };
  readonly instrumentationScope: { readonly name: string };
}
