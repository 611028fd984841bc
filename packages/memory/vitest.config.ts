import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Starts a real PostgreSQL server for the PostgreSQL store tests (@weft/test-support/postgres).
    globalSetup: ["test/setup/global-setup.ts"],
  },
});
