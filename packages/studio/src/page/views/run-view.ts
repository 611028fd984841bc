import { useEffect, useState } from "preact/hooks";
import { get, isFinal, post, readEntries, type Graph, type HandlerRecord, type StreamEntry } from "../api.js";
import { json, time } from "../format.js";
import { WorkflowGraph } from "../graph/workflow-graph.js";
import { html } from "../html.js";
import { href } from "../route.js";
import { Timeline } from "../timeline/timeline.js";
import { usePoll } from "../use-poll.js";
import { QuestionForm } from "./question-form.js";
import { RunState } from "./run-state.js";
import { useRunTrace } from "./use-run-trace.js";

const TABS = ["Timeline", "Events", "Graph", "State"] as const;
type Tab = (typeof TABS)[number];

function useEntries(handlerId: string): StreamEntry[] {
  const [entries, setEntries] = useState<StreamEntry[]>([]);
  useEffect(() => {
    setEntries([]);
    const abort = new AbortController();
    let last = 0;
    const add = (entry: StreamEntry) => {
      last = entry.seq;
      setEntries((list) => [...list, entry]);
    };
    // The stream ends when the run does; a dropped connection picks up after the last entry it saw.
    const follow = async () => {
      for (let tries = 0; !abort.signal.aborted && tries < 50; tries++) {
        try {
          await readEntries(handlerId, last, add, abort.signal);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void follow();
    return () => abort.abort();
  }, [handlerId]);
  return entries;
}

function Tabs({ tab, setTab }: { tab: Tab; setTab: (t: Tab) => void }) {
  const key = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === "ArrowRight" ? TABS[(i + 1) % TABS.length] : e.key === "ArrowLeft" ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return html`<div role="tablist" aria-label="Views of this run" class="tabs" onKeyDown=${key}>
    ${TABS.map((t) => html`<button type="button" role="tab" id=${`tab-${t}`} aria-selected=${t === tab} aria-controls="run-tabpanel" tabIndex=${t === tab ? 0 : -1} onClick=${() => setTab(t)}>${t}</button>`)}
  </div>`;
}

/** One run: its record, the question it waits on, cancel, and its timeline, event log, path and state. */
export function RunView({ handlerId }: { handlerId: string }) {
  const [tab, setTab] = useState<Tab>("Timeline");
  const [cancelError, setCancelError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const run = usePoll((signal) => get<HandlerRecord>(`/handlers/${encodeURIComponent(handlerId)}`, signal), [handlerId], 1000, !done);
  const record = run.value;
  useEffect(() => setDone(Boolean(record && isFinal(record.status))), [record?.status]);
  const entries = useEntries(handlerId);
  const traceId = record?.trace_id;
  const spans = useRunTrace(traceId, done ? record?.status : undefined);
  const graph = usePoll(
    (signal) => (record ? get<{ graph: Graph }>(`/workflows/${encodeURIComponent(record.workflow_name)}/representation`, signal) : Promise.resolve(undefined)),
    [record?.workflow_name],
    0,
    false,
  );
  if (run.error && !record) return html`<p class="error" role="alert">${run.error}</p>`;
  if (!record) return html`<p class="muted">Loading run ${handlerId}…</p>`;
  const final = isFinal(record.status);
  const lastQuestion = [...entries].reverse().find((e) => /InputRequired/.test(e.type));
  const answeredAfter = lastQuestion && entries.some((e) => e.seq > lastQuestion.seq);
  const asking = !final && lastQuestion && !answeredAfter && record.status === "waiting";
  const cancel = async () => {
    setCancelError(undefined);
    try {
      await post(`/handlers/${encodeURIComponent(handlerId)}/cancel`);
    } catch (error) {
      setCancelError((error as Error).message);
    }
  };
  const taken = new Set<string>();
  for (const s of spans) if (typeof s.attributes["weft.step.name"] === "string") taken.add(`step:${s.attributes["weft.step.name"]}`);
  for (const e of entries) taken.add(`event:${e.type}`);
  return html`<section aria-labelledby="run-title">
    <h1 id="run-title">Run <code>${handlerId}</code></h1>
    <div class="run-head">
      <span class=${`status ${record.status}`} data-testid="run-status" aria-live="polite">${record.status}</span>
      <a href=${href(["workflows", record.workflow_name])}>${record.workflow_name}</a>
      <span class="muted">started ${time(record.started_at)}${record.completed_at ? `, ended ${time(record.completed_at)}` : ""}</span>
      ${final ? null : html`<button type="button" class="danger" onClick=${cancel}>Cancel run</button>`}
    </div>
    ${cancelError ? html`<p class="error" role="alert">${cancelError}</p>` : null}
    ${record.error ? html`<p class="error">Error: ${record.error}</p>` : null}
    ${record.status === "completed" ? html`<div class="panel result"><h2>Result</h2><pre data-testid="run-result">${json(record.result)}</pre></div>` : null}
    ${asking ? html`<${QuestionForm} key=${lastQuestion!.seq} handlerId=${handlerId} question=${lastQuestion!} />` : null}
    <${Tabs} tab=${tab} setTab=${setTab} />
    <div id="run-tabpanel" role="tabpanel" aria-labelledby=${`tab-${tab}`} class="panel">
      ${tab === "Timeline"
        ? traceId
          ? html`<${Timeline} spans=${spans} />`
          : html`<p class="muted">This run has no trace (tracing was off or the sampler left it out).</p>`
        : null}
      ${tab === "Events"
        ? html`<ol class="event-log" aria-label="Event log">${entries.map((e) => html`<li data-seq=${e.seq}><span class="seq">${e.seq}</span> <strong>${e.type}</strong> <code>${JSON.stringify(e.data)}</code></li>`)}</ol>
          ${final ? null : html`<p class="muted" role="status">Live: new events appear as the run writes them.</p>`}`
        : null}
      ${tab === "Graph" && graph.value ? html`<${WorkflowGraph} graph=${graph.value.graph} taken=${taken} label=${`Path taken by run ${handlerId}`} />` : null}
      ${tab === "State" ? html`<${RunState} handlerId=${handlerId} live=${!final} />` : null}
    </div>
  </section>`;
}
