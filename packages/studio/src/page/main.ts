import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { get } from "./api.js";
import { onRefused, storedToken } from "./auth.js";
import { html } from "./html.js";
import { href, useRoute } from "./route.js";
import { usePoll } from "./use-poll.js";
import { RunList } from "./views/run-list.js";
import { RunView } from "./views/run-view.js";
import { TokenForm } from "./views/token-form.js";
import { TraceList } from "./views/trace-list.js";
import { TraceView } from "./views/trace-view.js";
import { WorkflowView } from "./views/workflow-view.js";

function Studio() {
  const route = useRoute();
  const { value } = usePoll((signal) => get<{ workflows: string[] }>("/workflows", signal), [], 0, false);
  const workflows = value?.workflows ?? [];
  const [section, id] = route.path;
  let main;
  if (section === "workflows" && id) main = html`<${WorkflowView} key=${id} name=${id} query=${route.query} />`;
  else if (section === "runs" && id) main = html`<${RunView} key=${id} handlerId=${id} />`;
  else if (section === "traces" && id) main = html`<${TraceView} key=${id} traceId=${id} />`;
  else if (section === "traces") main = html`<${TraceList} />`;
  else main = html`<section aria-labelledby="runs-title"><h1 id="runs-title">Runs</h1><${RunList} workflows=${workflows} query=${route.query} base=${["runs"]} /></section>`;
  const current = (s: string, i?: string) => (section === s && id === i ? "page" : undefined);
  return html`<a class="skip" href="#main">Skip to content</a>
    <nav class="sidebar" aria-label="Studio">
      <p class="brand">Weft Studio</p>
      <h2>Workflows</h2>
      <ul>${workflows.map((w) => html`<li><a href=${href(["workflows", w])} aria-current=${current("workflows", w)}>${w}</a></li>`)}</ul>
      <h2>Observe</h2>
      <ul><li><a href=${href(["runs"])} aria-current=${section === "runs" && !id ? "page" : undefined}>Runs</a></li>
        <li><a href=${href(["traces"])} aria-current=${current("traces")}>Traces</a></li></ul>
    </nav>
    <main id="main" tabIndex="-1">${main}</main>`;
}

/** Studio, or the token form while the server refuses the page's requests (401). */
function App() {
  const [locked, setLocked] = useState<"open" | "asked" | "refused">("open");
  // A new generation remounts Studio once the token is in, so every view loads again with it.
  const [generation, setGeneration] = useState(0);
  useEffect(() => onRefused(() => setLocked(storedToken() ? "refused" : "asked")), []);
  if (locked !== "open") {
    const accepted = () => {
      setLocked("open");
      setGeneration((g) => g + 1);
    };
    return html`<${TokenForm} refused=${locked === "refused"} onAccepted=${accepted} />`;
  }
  return html`<${Studio} key=${generation} />`;
}

const root = document.getElementById("studio")!;
// The loading line is static HTML; Preact renders next to what is there, so it goes first.
root.textContent = "";
render(html`<${App} />`, root);
