/**
 * Issue 21, item 5: the session's generator only forks, so each cell draws from a stream of its
 * own (seed + label) and re-running the cell gives its numbers again.
 */
import { describe, expect, it } from "vitest";
import { createRng, forkOnly } from "../src/runtime/rng";
import { session } from "../src/runtime/session";

describe("the session's generator", () => {
  it("refuses direct draws, naming the fork to use instead", () => {
    const { rng } = session({ NB_SEED: "7" });
    for (const draw of [() => rng.uniform(), () => rng.normal(), () => rng.bernoulli(0.5)]) {
      expect(draw).toThrow(/draw from a fork labelled by this cell's work instead, e\.g\. const r = rng\.fork\("/);
    }
  });

  it("a cell's fork gives the same draws however often the cell runs, whatever ran before", () => {
    const { rng } = session({ NB_SEED: "7" });
    const cell = () => {
      const r = rng.fork("basin starts");
      return [r.uniform(), r.normal(), r.uniform()];
    };
    const first = cell();
    rng.fork("another cell").normal();
    expect(cell()).toEqual(first);
    expect(first).toEqual((() => { const r = createRng(7).fork("basin starts"); return [r.uniform(), r.normal(), r.uniform()]; })());
  });

  it("keeps the seed, and forks as the generator it wraps", () => {
    const root = forkOnly(createRng(2024));
    expect(root.seed).toBe(2024);
    expect(root.fork("x").seed).toBe(createRng(2024).fork("x").seed);
  });
});
