/** The closing lines of `npm start`: where to see this run in Studio (`weft dev`), which stores the spans it is sent. */
export function studioHint(exportingTo: string | undefined): string {
  if (exportingTo) {
    const origin = new URL(exportingTo).origin;
    return `If that is Studio (npx weft dev), this run is at ${origin}/#/traces\n`;
  }
  return [
    "See this run in Studio: in another terminal start it with",
    "  npx weft dev examples/joke-flow/src/served.ts",
    "then run OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4000 npm start, and open http://127.0.0.1:4000/#/traces",
    "(Studio also starts runs of this flow from a form and shows each one's timeline, tokens and events).",
    "",
  ].join("\n");
}
