import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { WireServer } from "../server/wire-server.js";

/**
 * One local wire server for a test file. After each test it checks that every scripted reply was used, and forgets
 * the requests.
 */
export function useServer<S extends WireServer>(start: () => Promise<S>): { readonly server: S } {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    if (!server) return;
    server.requests.length = 0;
    expect(server.pending).toBe(0);
  });
  return {
    get server(): S {
      if (!server) throw new Error("the wire server starts in beforeAll");
      return server;
    },
  };
}
