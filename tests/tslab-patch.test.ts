/**
 * The project's patch of tslab 1.0.22 (patches/tslab+1.0.22.patch, applied by patch-package at
 * `npm ci`), issue 21 items 4 and 7: `{ n }` of an earlier cell's `n` works, and a failed cell
 * shows its error in one line (plus at most one line of where), not Node's and tslab's stack.
 * Through tslab's own executor, as the kernel runs cells; the kernel path is in
 * tests/jupyter-interrupt.test.ts and tests/jupyter-readers.test.ts.
 */
import * as path from "path";
import { format } from "util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./tools";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createConverter } = require("tslab/dist/converter");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createExecutor } = require("tslab/dist/executor");

describe("tslab as patched for readers", () => {
  const out: string[] = [];
  const err: string[] = [];
  let executor: { execute(src: string): Promise<boolean>; close(): void };
  const cwd = process.cwd();
  beforeAll(() => {
    // tslab compiles relative to the working directory, as the kernel started in notebooks/ does.
    process.chdir(path.join(ROOT, "notebooks"));
    const conv = createConverter();
    executor = createExecutor(path.join(ROOT, "notebooks"), { node: conv, close: () => conv.close() }, {
      log: (...a: unknown[]) => out.push(format(...a)),
      error: (...a: unknown[]) => err.push(format(...a)),
    });
  }, 60_000);
  afterAll(() => {
    executor?.close();
    process.chdir(cwd);
  });

  it("`{ n }` names the n of an earlier cell (was ReferenceError: n is not defined)", async () => {
    expect(await executor.execute("const n = 3;")).toBe(true);
    expect(await executor.execute("const o = { n, m: n + 1 };\no")).toBe(true);
    expect(err).toEqual([]);
    expect(out.pop()).toBe("{ n: 3, m: 4 }");
  }, 60_000);

  it("leaves `{ n }` of a name declared in the same cell, and destructuring defaults, alone", async () => {
    expect(await executor.execute("const k = 2; const p = { k };\nconst { z = n } = {} as { z?: number };\n[p.k, z]")).toBe(true);
    expect(out.pop()).toBe("[ 2, 3 ]");
  }, 60_000);

  it("shows a failed check as its one red line, no stack and no record dump", async () => {
    err.length = 0;
    const src = 'import { check } from "./src/index";\n' +
      'check({ id: "x", claim: "two plus two is five", measured: 4, expected: 5, relation: "=", kind: "consistency" });';
    expect(await executor.execute(src)).toBe(false);
    expect(err.join("\n")).toBe('CheckFailed: claim "x" failed: two plus two is five: 4 = 5');
  }, 60_000);

  it("shows any other error as its line and at most one line of where", async () => {
    err.length = 0;
    expect(await executor.execute('import { createRng } from "./src/runtime/rng";\ncreateRng(-1);')).toBe(false);
    expect(err.join("\n").split("\n")).toEqual(["RangeError: seed must be an integer in [1, 2^32 - 1], got -1"]);
    err.length = 0;
    expect(await executor.execute('import { assertPQ } from "./src/markov/validate";\nassertPQ(2, 0.5);')).toBe(false);
    const lines = err.join("\n").split("\n");
    expect(lines[0]).toMatch(/^RangeError: /);
    expect(lines.length).toBeLessThanOrEqual(2);
  }, 60_000);
});
