/** Stats helpers at the edges: refusals by name, exact tails, and sizes the book may use (issue #20 item 7). */
import { describe, expect, it } from "vitest";
import { evaluate } from "../src/runtime/check";
import { createRng } from "../src/runtime/rng";
import { mean, quantileInterval, signTestP, variance, wilsonInterval } from "../src/runtime/stats";
import { spearman, supGap } from "../src/meanfield/fit";
import { momentsByLayer } from "../src/meanfield/particles";

describe("stats helpers refuse what they cannot compute, and stay fast at any size (issue #20 item 7)", () => {
  /** Exact P(K ≤ k) for K ~ Binomial(n, ½), with BigInt binomial coefficients. */
  const exactHalfCdf = (k: number, n: number): number => {
    let c = 1n, sum = 0n;
    for (let i = 0; i <= k; i++) {
      sum += c;
      c = (c * BigInt(n - i)) / BigInt(i + 1);
    }
    return Number((sum * 10n ** 18n) / 2n ** BigInt(n)) / 1e18;
  };

  it("wilsonInterval refuses an infinite z (was [NaN, NaN])", () => {
    expect(() => wilsonInterval(3, 10, Infinity)).toThrow(/z must be a finite number > 0/);
    expect(() => wilsonInterval(3, 10, NaN)).toThrow(/z must be a finite number > 0/);
  });

  it("signTestP is exact against BigInt sums and answers n = 40 000 at once (was 11 s)", () => {
    for (const n of [1, 7, 30, 61]) {
      for (let below = 0; below <= n; below++) {
        const exact = Math.min(1, 2 * Math.min(exactHalfCdf(below, n), 1 - exactHalfCdf(below - 1, n)));
        expect(Math.abs(signTestP(below, n) - exact), `${below} of ${n}`).toBeLessThan(1e-12);
      }
    }
    const t0 = Date.now();
    expect(signTestP(20000, 40000)).toBe(1);
    const p = signTestP(19700, 40000); // z = (19700.5 − 20000)/100 ≈ −2.995: p ≈ 2Φ(−2.995) ≈ 2.74e-3
    expect(p).toBeGreaterThan(2.6e-3);
    expect(p).toBeLessThan(2.9e-3);
    expect(Date.now() - t0).toBeLessThan(1000);
  }, 5000);

  it("quantileInterval picks the same ranks as the pmf sums, and takes n = 20 000 in well under a second (was 2.8 s)", () => {
    const rng = createRng(4);
    for (const [n, q] of [[20, 0.5], [57, 0.1], [200, 0.9], [301, 0.5]] as const) {
      const xs = Array.from({ length: n }, () => rng.uniform());
      const r = quantileInterval(xs, q);
      // Reference: pmf by the recurrence p(k+1) = p(k)·(n−k)/(k+1)·q/(1−q), tails summed from the ends.
      const pmf = [Math.pow(1 - q, n)];
      for (let k = 0; k < n; k++) pmf.push((pmf[k] * (n - k) * q) / ((k + 1) * (1 - q)));
      let l = 0, below = 0;
      while (l < n && below + pmf[l] <= 0.025) below += pmf[l++];
      let u = n + 1, above = 0;
      while (u > l + 1 && above + pmf[u - 1] <= 0.025) above += pmf[--u];
      const s = [...xs].sort((a, b) => a - b);
      expect(r.lower, `n = ${n}, q = ${q}`).toBe(l === 0 ? -Infinity : s[l - 1]);
      expect(r.upper, `n = ${n}, q = ${q}`).toBe(u === n + 1 ? Infinity : s[u - 1]);
      expect(Math.abs(r.coverage - (1 - below - above))).toBeLessThan(1e-12);
    }
    const big = Array.from({ length: 20000 }, () => rng.uniform());
    const t0 = Date.now();
    const r = quantileInterval(big, 0.5);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.coverage).toBeGreaterThanOrEqual(0.95);
    expect(r.lower).toBeLessThan(0.5);
    expect(r.upper).toBeGreaterThan(0.5);
  }, 5000);

  it("mean stays finite near the float64 limit; variance refuses an overflow instead of Infinity", () => {
    expect(mean([1e308, 1e308])).toBe(1e308);
    expect(() => variance([1e200, -1e200])).toThrow(/overflows float64/);
  });

  it("check refuses a relative tolerance against expected 0 (it could only pass on exact equality)", () => {
    expect(() => evaluate({ id: "a", claim: "c", measured: 1e-18, expected: 0, tolerance: 0.1, relative: true, kind: "consistency" }))
      .toThrow(/relative tolerance against an expected value of 0.*absolute tolerance/);
    expect(evaluate({ id: "a", claim: "c", measured: 1e-18, expected: 0, tolerance: 1e-12, kind: "consistency" }).pass).toBe(true);
  });

  it("spearman, supGap and momentsByLayer refuse constant or non-finite samples (were NaN)", () => {
    expect(() => spearman([1, 1, 1], [1, 2, 3])).toThrow(/xs is constant/);
    expect(() => spearman([1, NaN, 3], [1, 2, 3])).toThrow(/must be finite/);
    expect(() => supGap([0, 1], [0, NaN], [0, 1], [0, 1])).toThrow(/a\[1\] = NaN/);
    expect(() => supGap([0, 1], [0, 1], [1, 0], [0, 1])).toThrow(/tauB must not decrease/);
    expect(supGap([0, 1, 2], [0, 1, 2], [0, 1, 1, 2], [0, 1, 1, 2])).toBe(0);
    expect(() => momentsByLayer([[1, NaN]])).toThrow(/layer 0, particle 1/);
  });
});
