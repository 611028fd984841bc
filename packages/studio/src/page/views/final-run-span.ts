import type { StoredSpan } from "../../spans/stored-span.js";
import type { HandlerStatus } from "../api.js";

/**
 * Whether the span of the attempt that ended the run is among `spans`. A run resumed after a pause (a server
 * releasing an idle run, a saved context run again) has one run span per attempt, and an earlier attempt's span
 * says nothing about whether the last one has arrived: only a run span that ended as the run did does. A pause
 * ends as `cancelled` while waiting for input, so a run cancelled by a user while it waited cannot be told from a
 * pause here; the caller's poll limit ends that wait.
 */
export function hasFinalRunSpan(spans: readonly StoredSpan[], status: HandlerStatus): boolean {
  return spans.some(
    (s) =>
      s.attributes["gen_ai.operation.name"] === "invoke_workflow" &&
      s.attributes["weft.run.status"] === status &&
      !(status === "cancelled" && s.attributes["weft.run.waiting_for_input"] === true),
  );
}
