import { useEffect, useRef, useState } from "preact/hooks";
import { storeToken } from "../auth.js";
import { tokenAccepted } from "../api.js";
import { html } from "../html.js";

/** Asks for the server's token (`weft dev --token`), checks it with the server, and keeps it for this tab. */
export function TokenForm({ refused, onAccepted }: { refused: boolean; onAccepted: () => void }) {
  const [token, setToken] = useState("");
  const input = useRef<HTMLInputElement>(null);
  // The form replaces the whole page: the keyboard starts in its one field.
  useEffect(() => input.current?.focus(), []);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | undefined>(refused ? "The server refused the token this tab had: enter the one it runs with now." : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    const candidate = token.trim();
    if (!candidate) return setError("Enter the token the server was started with (--token, or WEFT_SERVER_TOKEN).");
    setChecking(true);
    setError(undefined);
    try {
      if (await tokenAccepted(candidate)) {
        storeToken(candidate);
        return onAccepted();
      }
      setError("Wrong token: the server refused it.");
    } catch (err) {
      setError(`The server could not check the token: ${(err as Error).message}`);
    } finally {
      setChecking(false);
    }
  };
  return html`<main id="main" class="token-gate">
    <form class="panel" onSubmit=${submit} aria-labelledby="token-title">
      <h1 id="token-title">This server needs a token</h1>
      <p class="muted">It was started with a token; Studio sends it with every request and keeps it in this tab only.</p>
      <div class="field"><label for="token">Access token</label>
        <input id="token" ref=${input} type="password" autocomplete="off" value=${token} onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></div>
      <button type="submit" disabled=${checking}>Use token</button>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    </form>
  </main>`;
}
