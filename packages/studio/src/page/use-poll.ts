import { useEffect, useState } from "preact/hooks";

/** A poll waits at least this many times as long as the last load took: a big answer does not keep the server busy. */
const BACKOFF = 5;

/** Loads `load()` now and every `everyMs` (or longer, see BACKOFF) while `live` holds; keeps the last good value when a poll fails. */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], everyMs: number, live = true): { value?: T; error?: string } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = performance.now();
      try {
        const value = await load(abort.signal);
        if (!abort.signal.aborted) setState({ value });
      } catch (error) {
        if (!abort.signal.aborted) setState((s) => ({ value: s.value, error: (error as Error).message }));
      }
      if (live && !abort.signal.aborted) timer = setTimeout(tick, Math.max(everyMs, BACKOFF * (performance.now() - started)));
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [...deps, live]);
  return state;
}
