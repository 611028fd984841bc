import { useEffect, useState } from "preact/hooks";
import { get, type HandlerStatus, type Span } from "../api.js";
import { usePoll } from "../use-poll.js";
import { hasFinalRunSpan } from "./final-run-span.js";

/** Polls after the run's end at most this many times for its span: a run traced elsewhere never has it here. */
const POLLS_AFTER_END = 30;

/**
 * A run's spans, polled while it goes on and after it ended until the span of its last attempt is in: spans are
 * stored as they end, and the run's ends last, so its arrival (not a delay) says the trace is whole. `endStatus` is
 * the run's final status, once it has one.
 */
export function useRunTrace(traceId: string | undefined, endStatus: HandlerStatus | undefined): Span[] {
  const [whole, setWhole] = useState(false);
  const [pollsAfterEnd, setPollsAfterEnd] = useState(0);
  const { value } = usePoll(
    async (signal) => (traceId ? (await get<{ spans: Span[] }>(`/studio/api/traces/${traceId}?brief=true`, signal)).spans : []),
    [traceId],
    1000,
    Boolean(traceId) && !whole,
  );
  useEffect(() => {
    if (!endStatus || !value) return;
    if (hasFinalRunSpan(value, endStatus) || pollsAfterEnd >= POLLS_AFTER_END) setWhole(true);
    else setPollsAfterEnd((n) => n + 1);
  }, [endStatus, value]);
  return value ?? [];
}
