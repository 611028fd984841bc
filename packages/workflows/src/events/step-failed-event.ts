import { z } from "zod";
import { Event } from "./event.js";
import { defaultRegistry } from "./event-registry.js";

/**
 * Sent instead of failing the run when a step fails for good (its retries spent) and another step accepts this event:
 * that step recovers, as LlamaIndex's `@catch_error` step does. A step may recover `maxRecoveries` times per run
 * (default 1); after that, or when the recovering step itself fails, the run fails as before.
 */
export class StepFailedEvent extends Event {
  static override readonly eventName: string = "StepFailedEvent";
  static override readonly schema: z.ZodObject = z.object({
    stepName: z.string(),
    error: z.unknown(),
    message: z.string(),
    attempts: z.number().int().min(1),
    elapsed: z.number().min(0),
  });
  /** The step that failed. */
  declare stepName: string;
  /** What it threw on its last attempt (not JSON: a snapshot keeps only `message`). */
  declare error: unknown;
  /** The error's message, kept across serialization. */
  declare message: string;
  /** Attempts made, the first call included. */
  declare attempts: number;
  /** Seconds from the first attempt's start to the last one's failure. */
  declare elapsed: number;
  constructor(fields: { stepName: string; error: unknown; message: string; attempts: number; elapsed: number }) {
    super(fields);
  }
}

defaultRegistry.register(StepFailedEvent);
