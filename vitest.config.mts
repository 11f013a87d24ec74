import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    // End-to-end suites (the book, Jupyter, Chromium) set their own, longer limits.
    hookTimeout: 1_800_000,
    maxWorkers: 2,
  },
});
