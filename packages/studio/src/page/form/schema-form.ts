import { useState } from "preact/hooks";
import type { JsonSchema } from "../api.js";
import { html } from "../html.js";

const typeOf = (s: JsonSchema): string => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") ?? "string" : s.type ?? "any");

function initial(schema: JsonSchema): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const t = typeOf(prop);
    if (t === "boolean") out[name] = prop.default === true;
    else if (t === "string" || t === "number" || t === "integer") out[name] = prop.default === undefined ? "" : String(prop.default);
    else out[name] = prop.default === undefined ? "" : JSON.stringify(prop.default);
  }
  return out;
}

/** The fields from the form's values, typed by the schema; throws naming the field that does not parse. */
function fields(schema: JsonSchema, values: Record<string, string | boolean>, extra: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[name];
    const t = typeOf(prop);
    if (value === "" && !schema.required?.includes(name)) continue;
    if (t === "boolean") out[name] = value === true;
    else if (t === "number" || t === "integer") {
      const n = Number(value);
      if (value === "" || !Number.isFinite(n)) throw new Error(`${name} must be a number`);
      out[name] = n;
    } else if (t === "string") out[name] = value;
    else {
      try {
        out[name] = JSON.parse(String(value));
      } catch {
        throw new Error(`${name} must be JSON`);
      }
    }
  }
  if (extra.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(extra);
    } catch {
      throw new Error("the fields must be a JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the fields must be a JSON object");
    Object.assign(out, parsed);
  }
  return out;
}

export interface SchemaFormProps {
  id: string;
  schema: JsonSchema;
  submitLabel: string;
  onSubmit: (fields: Record<string, unknown>) => Promise<void>;
}

/** A form built from a JSON Schema: one labelled input per property; a JSON box when the schema allows any fields. */
export function SchemaForm({ id, schema, submitLabel, onSubmit }: SchemaFormProps) {
  const [values, setValues] = useState(() => initial(schema));
  const [extra, setExtra] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const props = Object.entries(schema.properties ?? {});
  const open = props.length === 0;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await onSubmit(fields(schema, values, extra));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const set = (name: string, value: string | boolean) => setValues({ ...values, [name]: value });
  return html`<form class="schema-form" onSubmit=${submit} aria-describedby=${error ? `${id}-error` : undefined}>
    ${props.map(([name, prop]) => {
      const t = typeOf(prop);
      const inputId = `${id}-${name}`;
      const required = schema.required?.includes(name) && prop.default === undefined;
      const label = html`<label for=${inputId}>${name}${required ? " *" : ""} <span class="muted">${t}</span></label>`;
      if (t === "boolean") {
        return html`<div class="field check"><input id=${inputId} type="checkbox" checked=${values[name] === true} onChange=${(e: Event) => set(name, (e.target as HTMLInputElement).checked)} />${label}</div>`;
      }
      const numeric = t === "number" || t === "integer";
      return html`<div class="field">${label}
        <input id=${inputId} name=${name} type=${numeric ? "number" : "text"} step=${t === "integer" ? "1" : "any"} required=${required}
          value=${values[name]} onInput=${(e: Event) => set(name, (e.target as HTMLInputElement).value)} />
        ${prop.description ? html`<small class="muted">${prop.description}</small>` : null}</div>`;
    })}
    ${open
      ? html`<div class="field"><label for=${`${id}-json`}>Fields (a JSON object; this event takes any fields)</label>
          <textarea id=${`${id}-json`} rows="4" placeholder='{"topic": "pirates"}' value=${extra} onInput=${(e: Event) => setExtra((e.target as HTMLTextAreaElement).value)}></textarea></div>`
      : null}
    <button type="submit" disabled=${busy}>${submitLabel}</button>
    ${error ? html`<p id=${`${id}-error`} class="error" role="alert">${error}</p>` : null}
  </form>`;
}
