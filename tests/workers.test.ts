/** A worker thread that exits or is stopped rejects every request it held, with the cause (issue #20 item 2). */
import { describe, expect, it } from "vitest";
import "../src/canonical/field";
import { closePool, integrateMany } from "../src/flows/parallel";
import { standardInit } from "../src/model/init";
import { sampleBatch } from "../src/markov/sample";
import { createRng } from "../src/runtime/rng";
import { createEvaluator } from "../src/training/evaluator";
import "./fixtures/exiting-field";

const starts = Float64Array.from({ length: 2 * 64 }, (_, i) => ((i * 0.37) % 6) - 3);
const canonical = { kind: "canonical", p: 0.9, q: 0.9 };

describe("worker threads that stop mid-request", () => {
  it("closePool() during integrateMany rejects it, saying the pool was closed (was pending forever)", async () => {
    const run = integrateMany(canonical, starts, 2, { workers: 2 });
    closePool();
    await expect(run).rejects.toThrow(/worker pool was closed \(closePool\(\)\)/);
    // The pool is usable again.
    const again = await integrateMany(canonical, starts, 2, { workers: 2 });
    expect(again.outcomes.length).toBe(64);
    closePool();
  }, 60_000);

  it("a field that calls process.exit in a worker rejects with the exit code, and the pool starts afresh", async () => {
    await expect(integrateMany({ kind: "exits-7" }, starts, 2, { workers: 2 })).rejects.toThrow(/exited with code 7/);
    const again = await integrateMany(canonical, starts, 2, { workers: 2 });
    expect(again.outcomes.filter((o) => o === "converged").length).toBeGreaterThan(0);
    closePool();
  }, 60_000);

  it("an evaluator closed during a step rejects that step, saying so", async () => {
    const d = 4, N = 16, B = 4, rng = createRng(2);
    const ev = createEvaluator({ d, N }, B, { threads: 2 });
    ev.params.data.set(standardInit({ d, N }, rng).data);
    const step = ev.gradient(sampleBatch(0.5, 0.8, B, N + 1, rng));
    ev.close();
    await expect(step).rejects.toThrow(/evaluator was closed/);
  }, 60_000);
});
