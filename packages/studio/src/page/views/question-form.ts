import { useState } from "preact/hooks";
import { post, type StreamEntry } from "../api.js";
import { html } from "../html.js";

/** The question a waiting run asked (its last `InputRequiredEvent`), with a box to answer it as a `HumanResponseEvent`. */
export function QuestionForm({ handlerId, question }: { handlerId: string; question: StreamEntry }) {
  const [response, setResponse] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  const prompt = String(question.data.prefix ?? "").trim() || "The run waits for an answer.";
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await post(`/events/${encodeURIComponent(handlerId)}`, { event: { type: "HumanResponseEvent", data: { response } } });
      setSent(true);
      setResponse("");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return html`<form class="panel question" onSubmit=${submit} aria-labelledby=${`q-${question.seq}`}>
    <h2 id=${`q-${question.seq}`}>Waiting for you</h2>
    <label for="answer">${prompt}</label>
    <div class="row"><input id="answer" name="response" autocomplete="off" value=${response} onInput=${(e: Event) => setResponse((e.target as HTMLInputElement).value)} />
    <button type="submit">Send answer</button></div>
    ${sent ? html`<p class="muted" role="status">Answer sent.</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
  </form>`;
}
