import { get, post, type Graph, type JsonSchema } from "../api.js";
import { SchemaForm } from "../form/schema-form.js";
import { WorkflowGraph } from "../graph/workflow-graph.js";
import { html } from "../html.js";
import { href } from "../route.js";
import { usePoll } from "../use-poll.js";
import { RunList } from "./run-list.js";

interface Described {
  graph: Graph;
  start: JsonSchema;
}

/** One workflow: its graph, a form that starts a run, and its runs. */
export function WorkflowView({ name, query }: { name: string; query: URLSearchParams }) {
  const { value, error } = usePoll<Described>(
    async (signal) => {
      const path = `/workflows/${encodeURIComponent(name)}`;
      const [rep, schema] = await Promise.all([get<{ graph: Graph }>(`${path}/representation`, signal), get<{ start: JsonSchema }>(`${path}/schema`, signal)]);
      return { graph: rep.graph, start: schema.start };
    },
    [name],
    0,
    false,
  );
  const start = async (fields: Record<string, unknown>) => {
    const { handler_id } = await post<{ handler_id: string }>(`/workflows/${encodeURIComponent(name)}/run-nowait`, { start_event: fields });
    location.hash = href(["runs", handler_id]);
  };
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!value) return html`<p class="muted">Loading ${name}…</p>`;
  return html`<section aria-labelledby="wf-title">
    <h1 id="wf-title">${name}</h1>
    <div class="panel"><h2>Graph</h2><${WorkflowGraph} graph=${value.graph} label=${`Steps and events of ${name}`} /></div>
    <div class="panel"><h2>Start a run</h2><${SchemaForm} id="start" schema=${value.start} submitLabel="Start run" onSubmit=${start} /></div>
    <div class="panel"><h2>Runs</h2><${RunList} workflows=${[name]} workflow=${name} query=${query} base=${["workflows", name]} /></div>
  </section>`;
}
