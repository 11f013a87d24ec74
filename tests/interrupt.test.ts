/**
 * The runtime's side of Kernel > Interrupt (issue 21, item 1), without a kernel: an interrupt
 * rejects a worker batch in flight with `Interrupted` at once and stops its threads, stops a
 * training run at its next step, and lets later work run; SIGINT is followed only in a kernel.
 */
import { describe, expect, it } from "vitest";
import "../src/canonical/field";
import { integrateMany } from "../src/flows/parallel";
import { Interrupted, checkpoint, interruptGeneration, interruptWork, isKernelProcess } from "../src/runtime/interrupt";
import { FIG4, train } from "../src/training/train";

const starts = (n: number) => Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? -1 : 0.5) * (1 + i / (2 * n)));
const TIGHT = { rtol: 1e-12, atol: 1e-14, workers: 2 };

describe("interrupting running work", () => {
  it("rejects a worker batch in flight with Interrupted within a second, and the next batch runs", async () => {
    const run = integrateMany({ kind: "canonical", p: 0.9, q: 0.9 }, starts(200_000), 2, TIGHT);
    await new Promise((r) => setTimeout(r, 1500));
    const t = Date.now();
    interruptWork();
    await expect(run).rejects.toBeInstanceOf(Interrupted);
    expect(Date.now() - t).toBeLessThan(1000);
    const again = await integrateMany({ kind: "canonical", p: 0.9, q: 0.9 }, starts(8), 2, TIGHT);
    expect(again.outcomes).toHaveLength(8);
  }, 60_000);

  it("stops a training run on one thread (a loop of microtasks) at its next step", async () => {
    const run = train({ ...FIG4, N: 64, steps: 100_000, init: "standard", seed: 1 }, { threads: 1 });
    await new Promise((r) => setTimeout(r, 500)); // the run must let this timer fire at all
    interruptWork();
    await expect(run).rejects.toThrow(/interrupted \(Kernel > Interrupt\)/);
  }, 60_000);

  it("checkpoint throws only for work born before the interrupt", async () => {
    const born = interruptGeneration();
    await checkpoint(born);
    interruptWork();
    await expect(checkpoint(born)).rejects.toBeInstanceOf(Interrupted);
    await checkpoint(interruptGeneration());
  });

  it("follows SIGINT only in a tslab kernel process", () => {
    expect(isKernelProcess(["/usr/bin/node", "/p/node_modules/.bin/tslab", "kernel", "--config-path", "x"])).toBe(true);
    expect(isKernelProcess(["/usr/bin/node", "/p/node_modules/.bin/tslab", "install"])).toBe(false);
    expect(isKernelProcess(["/usr/bin/node", "/p/tools/book/child.cjs", "a.ipynb"])).toBe(false);
    expect(isKernelProcess(["/usr/bin/node", "/p/node_modules/vitest/vitest.mjs", "run"])).toBe(false);
  });
});
