import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Starts a real PostgreSQL server for the PostgreSQL store tests (see test/setup/start-postgres.ts).
    globalSetup: ["test/setup/global-setup.ts"],
  },
});
