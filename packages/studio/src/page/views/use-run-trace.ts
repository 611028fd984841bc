import { useEffect, useState } from "preact/hooks";
import { get, type Span } from "../api.js";
import { usePoll } from "../use-poll.js";

/** Polls after the run's end at most this many times for its span: a run traced elsewhere never has it here. */
const POLLS_AFTER_END = 30;

const isRunSpan = (s: Span) => s.attributes["gen_ai.operation.name"] === "invoke_workflow";

/**
 * A run's spans, polled while it goes on and after it ended until its own span is in: spans are stored as they end,
 * and the run's ends last, so its arrival (not a delay) says the trace is whole.
 */
export function useRunTrace(traceId: string | undefined, ended: boolean): Span[] {
  const [whole, setWhole] = useState(false);
  const [pollsAfterEnd, setPollsAfterEnd] = useState(0);
  const { value } = usePoll(
    async (signal) => (traceId ? (await get<{ spans: Span[] }>(`/studio/api/traces/${traceId}?brief=true`, signal)).spans : []),
    [traceId],
    1000,
    Boolean(traceId) && !whole,
  );
  useEffect(() => {
    if (!ended || !value) return;
    if (value.some(isRunSpan) || pollsAfterEnd >= POLLS_AFTER_END) setWhole(true);
    else setPollsAfterEnd((n) => n + 1);
  }, [ended, value]);
  return value ?? [];
}
