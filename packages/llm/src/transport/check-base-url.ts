/**
 * Refuses a base URL the SDK would misread: `localhost:11434/v1` parses as the scheme `localhost:` and every call
 * would then fail far from the mistake. `source` says where the value came from (an option or a variable).
 */
export function checkBaseURL(owner: string, source: string, url: string | undefined): void {
  if (url === undefined || url === "") return;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === "http:" || protocol === "https:") return;
  const hint = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? "" : `, e.g. "http://${url}"`;
  throw new TypeError(`${owner}: ${source} ${JSON.stringify(url)} must be an http(s) URL with its scheme${hint}`);
}
