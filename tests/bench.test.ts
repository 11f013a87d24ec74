/**
 * Every benchmark runs at a tiny size and prints its line (issue #20: `npm run bench -- flows` broke in
 * a refactor and nothing noticed). The numbers mean nothing at this size; the formats are the contract.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..");

function bench(suite: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "tools/bench/cli.ts", suite, "--tiny"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const LINES: [string, RegExp][] = [
  ["flows", /^flows trajectories_per_s=\d+(\.\d+)?$/m],
  ["transformer", /^transformer step median_s=\d+\.\d+ tokens_per_s=\d+$/m],
  ["meanfield", /^meanfield step_ms=\d+\.\d+ head_steps_per_s=\d+$/m],
];

describe("benchmarks (npm run bench -- <suite> --tiny)", () => {
  it.each(LINES)("%s runs and prints its line", (suite, line) => {
    const { status, out } = bench(suite);
    expect(out).toMatch(line);
    expect(status, out).toBe(0);
  }, 150_000);

  it("refuses an unknown suite with the list of suites", () => {
    const { status, out } = bench("nope");
    expect(status).toBe(2);
    expect(out).toMatch(/suites: flows, transformer, meanfield/);
  });
});
