/**
 * The server's bearer token, when it has one (`weft dev --token`): kept in this tab's sessionStorage, sent as a header
 * on every request (never in a URL, where it would land in logs and history).
 */
const KEY = "weft.studio.token";

let refused: (() => void) | undefined;

export function storedToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Headers with the token added, when there is one. */
export function withToken(headers: Record<string, string> = {}): Record<string, string> {
  const token = storedToken();
  return token ? { ...headers, authorization: `Bearer ${token}` } : headers;
}

/** Called when the server answers 401: the page then asks for the token. */
export function onRefused(listener: () => void): void {
  refused = listener;
}

export function reportRefused(): void {
  refused?.();
}
