import type { TestProject } from "vitest/node";
import { startPostgres } from "@weft/test-support/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test server's URL, or "" when it could not start (then `postgresError` says why). */
    postgresUrl: string;
    postgresError: string;
  }
}

/**
 * One PostgreSQL server for the whole run. A failure to start is handed to the PostgreSQL tests, which
 * then fail with the reason, while the other tests still run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  try {
    const server = await startPostgres();
    project.provide("postgresUrl", server.url);
    project.provide("postgresError", "");
    return () => server.stop();
  } catch (error) {
    project.provide("postgresUrl", "");
    project.provide("postgresError", (error as Error).message);
    return () => {};
  }
}
