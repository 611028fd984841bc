import { inject } from "vitest";

/** The test server's URL; throws (failing the test, never skipping it) when PostgreSQL could not start. */
export function postgresUrl(): string {
  const url = inject("postgresUrl");
  if (!url) throw new Error(`PostgreSQL test server could not start: ${inject("postgresError")}`);
  return url;
}
