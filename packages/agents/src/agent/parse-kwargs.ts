/** A tool call's arguments as an object, for events and records: `{}` when the model's text was not a JSON object. */
export function parseKwargs(raw: string): Record<string, unknown> {
  try {
    const value: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
