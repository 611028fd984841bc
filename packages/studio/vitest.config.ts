import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser test waits on conditions; on a loaded 2-core machine one can take seconds to hold, not 1 s.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
