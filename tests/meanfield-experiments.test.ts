import { describe, expect, it } from "vitest";
import {
  bootstrapMean, bootstrapSlope, capacitySweep, lambdaSweep, ratioInterval, regimeSweep,
  runMeanField, thm31Shape,
} from "../src/index";

const seedOf = (label: string) => [...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) || 1;
const common = { d: 2, N: 3, k: 2, R: 2, eta: 0.1, tau: 0.4, every: 2 };

describe("seed bootstrap", () => {
  it("recovers an exact power law, with an interval that contains it", () => {
    const xs = [1, 2, 4, 8, 16];
    const groups = xs.map((x) => [0.9, 1, 1.1].map((c) => c / x));
    const s = bootstrapSlope(xs, groups, { seed: 3 });
    expect(s.value).toBeCloseTo(-1, 10);
    expect(s.lo).toBeLessThanOrEqual(-1 + 1e-9);
    expect(s.hi).toBeGreaterThanOrEqual(-1 - 1e-9);
    expect(s.hi - s.lo).toBeLessThan(0.3);
  });
  it("refuses slopes on fewer than 5 sizes", () => {
    expect(() => bootstrapSlope([1, 2, 4], [[1], [2], [3]], { seed: 1 })).toThrow(/at least 5/);
  });
  it("gives a mean's interval that widens with the spread and is deterministic", () => {
    const a = bootstrapMean([1, 2, 3, 4], { seed: 5 }), b = bootstrapMean([1, 2, 3, 4], { seed: 5 });
    expect(a).toEqual(b);
    expect(a.value).toBe(2.5);
    expect(a.lo).toBeLessThan(2.5);
    expect(a.hi).toBeGreaterThan(2.5);
    expect(bootstrapMean([2.5, 2.5], { seed: 5 })).toMatchObject({ lo: 2.5, hi: 2.5 });
  });
  it("ratio interval of two groups brackets the geometric-mean ratio", () => {
    const r = ratioInterval([10, 20, 40], [1, 1.2, 0.8], 9);
    expect(r.value).toBeCloseTo(20 / Math.cbrt(0.96), 8);
    expect(r.lo).toBeLessThan(r.value);
    expect(r.hi).toBeGreaterThan(r.value);
  });
});

describe("notebook 07 sweeps", () => {
  it("the λ sweep: one calibration run, main and half-size runs, population risk with its error", () => {
    const cfg = { ...common, n: 4, population: 16, M: 2, L: 2, lambdas: [1, 0.1], seeds: 2, lambdaCal: 1 };
    const sweep = lambdaSweep(cfg, seedOf);
    expect(sweep.specs.length).toBe(1 + 2 * 2 * 2);
    expect(sweep.specs[0].lambda).toBe(1);
    expect(new Set(sweep.specs.map((s) => s.heldOut?.seed)).size).toBe(1);
    const runs = sweep.specs.map(runMeanField);
    for (const r of runs) {
      expect(r.finalHeldOut?.n).toBe(16);
      expect(r.finalHeldOut?.se).toBeGreaterThan(0);
    }
    const s = sweep.summarise(runs, 1);
    expect(s.rows.map((r) => r.lambda)).toEqual([1, 0.1]);
    expect(s.halfSize).toEqual({ M: 1, L: 1 });
    expect(s.rows[0].population.lo).toBeLessThanOrEqual(s.rows[0].population.value);
  });
  it("the capacity sweep and the regime sweep summarise their runs", () => {
    const cap = capacitySweep({ ...common, n: 4, heldOut: 8, Ms: [1, 2, 3, 4, 5], L: 1, Ls: [1, 2], M: 1, seeds: 2 }, seedOf);
    expect(cap.specs.length).toBe(7 * 2);
    const c = cap.summarise(cap.specs.map(runMeanField), 2);
    expect(c.rows.length).toBe(7);
    expect(Number.isFinite(c.trend("M").value)).toBe(true);
    expect(c.ratio("M").value).toBeGreaterThan(0);
    const reg = regimeSweep({ ...common, data: { seed: 3, n: 4 }, lambda: 1e-3, Ls: [1, 2, 3, 4, 5], Mper: 1, seeds: 1, ref: { L: 6, M: 6 } }, seedOf);
    expect(reg.specs.length).toBe(2 + 5);
    const r = reg.summarise(reg.specs.map(runMeanField), 3);
    expect(r.shapes[0]).toBeCloseTo(thm31Shape(1, 1), 12);
    expect(r.C).toBeGreaterThan(0);
    expect(r.ratio).toBeGreaterThan(0);
  });
});
