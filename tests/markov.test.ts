import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import {
  binaryEntropy,
  chainEntropyRate,
  chainStationary,
  contextKernel,
  entropyRate,
  estimateTransitions,
  higherOrderEntropyRate,
  higherOrderStationary,
  kernel,
  mutualInformation,
  sampleBatch,
  sampleChain,
  sampleHigherOrder,
  sampleSequence,
  stationary,
  unigramLoss,
} from "../src/markov";
import { cStar, optimalBias } from "../src/canonical";

// §1 reference table: (p, q, π1, H_uni, H_bi, gap, c*, b*(0, w)).
const TABLE: Array<[number, number, number, number, number, number, number, number]> = [
  [0.1, 0.1, 0.5, 0.693147, 0.325083, 0.368064, 4.394449, 0],
  [0.9, 0.9, 0.5, 0.693147, 0.325083, 0.368064, -4.394449, 0],
  [0.5, 0.8, 0.384615, 0.666278, 0.619015, 0.047264, -1.386294, -0.470004],
  [0.2, 0.3, 0.4, 0.673012, 0.544587, 0.128424, 2.233592, -0.405465],
];

/** πP = π residual (max abs). */
function invarianceResidual(pi: ArrayLike<number>, P: ReadonlyArray<ArrayLike<number>>): number {
  let r = 0;
  for (let j = 0; j < pi.length; j++) {
    let s = 0;
    for (let i = 0; i < pi.length; i++) s += pi[i] * P[i][j];
    r = Math.max(r, Math.abs(s - pi[j]));
  }
  return r;
}

function randomStochastic(k: number, seed: number): number[][] {
  const rng = createRng(seed);
  const P: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row = Array.from({ length: k }, () => rng.uniform() + 0.01);
    const s = row.reduce((a, b) => a + b, 0);
    const r = row.map((v) => v / s);
    // Put the rounding remainder on the diagonal so the row sums to 1 to ~1e-16.
    r[i] += 1 - r.reduce((a, b) => a + b, 0);
    P.push(r);
  }
  return P;
}

describe("§1 reference table", () => {
  for (const [p, q, pi1, hUni, hBi, gap, cs, b0] of TABLE) {
    it(`(p, q) = (${p}, ${q})`, () => {
      expect(stationary(p, q)[1]).toBeCloseTo(pi1, 6);
      expect(Math.abs(unigramLoss(p, q) - hUni)).toBeLessThan(1e-6);
      expect(Math.abs(entropyRate(p, q) - hBi)).toBeLessThan(1e-6);
      expect(Math.abs(mutualInformation(p, q) - gap)).toBeLessThan(1e-6);
      expect(Math.abs(cStar(p, q) - cs)).toBeLessThan(1e-6);
      for (const w of [-2, -0.5, 0, 1.5]) expect(Math.abs(optimalBias(0, w, p, q) - b0)).toBeLessThan(1e-6);
    });
  }
});

describe("binary chain identities", () => {
  it("mutual information from the joint law equals H_uni − H_bi", () => {
    const rng = createRng(11);
    for (let i = 0; i < 100; i++) {
      const p = 0.001 + 0.998 * rng.uniform();
      const q = 0.001 + 0.998 * rng.uniform();
      expect(Math.abs(mutualInformation(p, q) - (unigramLoss(p, q) - entropyRate(p, q)))).toBeLessThan(1e-14);
      expect(mutualInformation(p, q)).toBeGreaterThanOrEqual(-1e-16);
    }
  });
  it("π is left-invariant for the kernel and I = 0 when p + q = 1", () => {
    expect(invarianceResidual(stationary(0.2, 0.3), kernel(0.2, 0.3))).toBeLessThan(1e-15);
    expect(Math.abs(mutualInformation(0.3, 0.7))).toBeLessThan(1e-15);
    expect(binaryEntropy(0)).toBe(0);
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.LN2, 15);
  });
});

describe("binary sampling", () => {
  it("is repeatable for a seed and differs across seeds", () => {
    const a = sampleSequence(0.2, 0.3, 500, createRng(5));
    const b = sampleSequence(0.2, 0.3, 500, createRng(5));
    const c = sampleSequence(0.2, 0.3, 500, createRng(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
  it("empirical transitions converge (n = 200000)", () => {
    for (const [p, q] of [
      [0.2, 0.3],
      [0.5, 0.8],
      [0.9, 0.9],
    ]) {
      const est = estimateTransitions(sampleSequence(p, q, 200000, createRng(17)));
      expect(Math.abs((est.pHat as number) - p)).toBeLessThan(0.01);
      expect(Math.abs((est.qHat as number) - q)).toBeLessThan(0.01);
      expect(est.n0 + est.n1).toBe(199999);
    }
  });
  it("first-symbol frequency over many sequences ≈ π1; batch rows are row-major", () => {
    const [p, q] = [0.5, 0.8];
    const B = 20000;
    const n = 4;
    const xs = sampleBatch(p, q, B, n, createRng(23));
    expect(xs.length).toBe(B * n);
    let ones = 0;
    for (let r = 0; r < B; r++) ones += xs[r * n];
    const pi1 = stationary(p, q)[1];
    // 5 standard errors.
    expect(Math.abs(ones / B - pi1)).toBeLessThan(5 * Math.sqrt((pi1 * (1 - pi1)) / B));
    // Row r of a batch is the r-th draw from the same stream.
    const rng = createRng(23);
    const first = sampleSequence(p, q, n, rng);
    expect(Array.from(xs.subarray(0, n))).toEqual(Array.from(first));
  });
  it("estimateTransitions counts by hand, skips row boundaries, and returns null for unseen states", () => {
    const est = estimateTransitions(Uint8Array.from([0, 1, 1, 0, 0]));
    expect(est).toEqual({ pHat: 0.5, qHat: 0.5, n0: 2, n1: 2, n01: 1, n10: 1 });
    const rows = estimateTransitions(Uint8Array.from([0, 1, 1, 0]), 2); // pairs (0,1) and (1,0) only
    expect(rows).toEqual({ pHat: 1, qHat: 1, n0: 1, n1: 1, n01: 1, n10: 1 });
    expect(estimateTransitions(Uint8Array.from([1, 1, 1])).pHat).toBeNull();
  });
});

describe("k-state chain", () => {
  it("stationary law is left-invariant (πP = π to 1e-12) for random chains", () => {
    for (const k of [2, 3, 5, 8, 20]) {
      const P = randomStochastic(k, 100 + k);
      const pi = chainStationary(P);
      expect(invarianceResidual(pi, P)).toBeLessThan(1e-12);
      expect(Math.abs(pi.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
    }
  });
  it("handles a transient state and a nearly decoupled chain", () => {
    const pi = chainStationary([
      [1, 0],
      [0.5, 0.5],
    ]);
    expect(Array.from(pi)).toEqual([1, 0]);
    const eps = 1e-9;
    const P = [
      [1 - eps, eps],
      [2 * eps, 1 - 2 * eps],
    ];
    const pi2 = chainStationary(P);
    expect(Math.abs(pi2[0] - 2 / 3)).toBeLessThan(1e-6);
    expect(invarianceResidual(pi2, P)).toBeLessThan(1e-12);
  });
  it("binary (p, q) as a 2-state matrix: stationary and entropy rate agree with the closed forms", () => {
    for (const [p, q] of TABLE.map((r) => [r[0], r[1]])) {
      const P = kernel(p, q);
      const pi = chainStationary(P);
      expect(Math.abs(pi[1] - stationary(p, q)[1])).toBeLessThan(1e-15);
      expect(Math.abs(chainEntropyRate(P) - entropyRate(p, q))).toBeLessThan(1e-14);
    }
  });
  it("sampling is seeded and its empirical law matches π", () => {
    const P = randomStochastic(4, 9);
    const a = sampleChain(P, 100000, createRng(31));
    expect(Array.from(sampleChain(P, 50, createRng(31)))).toEqual(Array.from(a.subarray(0, 50)));
    const pi = chainStationary(P);
    const counts = new Array(4).fill(0);
    for (const x of a) counts[x]++;
    for (let i = 0; i < 4; i++) expect(Math.abs(counts[i] / a.length - pi[i])).toBeLessThan(0.01);
  });
  it("rejects bad matrices with the argument name", () => {
    expect(() => chainStationary([[0.5, 0.6], [0.5, 0.5]])).toThrow(/P row 0 must sum to 1/);
    expect(() => chainStationary([[1.5, -0.5], [0.5, 0.5]])).toThrow(/P\[0\]\[0\] must be in \[0, 1\]/);
    expect(() => chainStationary([[1, 0], [0, 1]])).toThrow(/unique stationary law/);
    expect(() => chainStationary([[1, 0]])).toThrow(/P must be square/);
  });
});

describe("k-th order binary chain", () => {
  it("k = 1 with θ = [p, 1−q] equals the first-order chain (law, entropy, samples)", () => {
    for (const [p, q] of [
      [0.2, 0.3],
      [0.5, 0.8],
      [0.9, 0.9],
    ]) {
      const theta = [p, 1 - q];
      const pi = higherOrderStationary(theta);
      expect(Math.abs(pi[1] - stationary(p, q)[1])).toBeLessThan(1e-15);
      expect(Math.abs(higherOrderEntropyRate(theta) - entropyRate(p, q))).toBeLessThan(1e-14);
      const a = sampleHigherOrder(theta, 2000, createRng(41));
      const b = sampleSequence(p, q, 2000, createRng(41));
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
  it("context law is left-invariant for k = 2, 3, 5", () => {
    for (const k of [2, 3, 5]) {
      const rng = createRng(50 + k);
      const theta = Array.from({ length: 2 ** k }, () => 0.05 + 0.9 * rng.uniform());
      const pi = higherOrderStationary(theta);
      expect(invarianceResidual(pi, contextKernel(theta))).toBeLessThan(1e-12);
    }
  });
  it("a second-order chain that ignores the older symbol has the first-order entropy rate", () => {
    const [p, q] = [0.2, 0.3];
    expect(Math.abs(higherOrderEntropyRate([p, 1 - q, p, 1 - q]) - entropyRate(p, q))).toBeLessThan(1e-14);
  });
  it("empirical conditional frequencies of a sampled order-2 chain match θ", () => {
    const theta = [0.1, 0.6, 0.3, 0.85];
    const x = sampleHigherOrder(theta, 200000, createRng(61));
    const n = [0, 0, 0, 0];
    const ones = [0, 0, 0, 0];
    for (let t = 2; t < x.length; t++) {
      const ctx = (x[t - 2] << 1) | x[t - 1];
      n[ctx]++;
      ones[ctx] += x[t];
    }
    for (let c = 0; c < 4; c++) expect(Math.abs(ones[c] / n[c] - theta[c])).toBeLessThan(0.01);
  });
  it("rejects bad tables", () => {
    expect(() => higherOrderStationary([0.1, 0.2, 0.3])).toThrow(/theta must have length 2\^k/);
    expect(() => higherOrderStationary([0.1, 1.2])).toThrow(/theta\[1\] must be in \[0, 1\]/);
    expect(() => sampleHigherOrder([0.1, 0.2, 0.3, 0.4], 1, createRng(1))).toThrow(/n must be an integer >= 2/);
  });
});

describe("bad input (markov)", () => {
  it("names the argument", () => {
    expect(() => stationary(1.2, 0.3)).toThrow(/^p must be in \(0, 1\), got 1.2$/);
    expect(() => stationary(0.2, 0)).toThrow(/q must be in \(0, 1\)/);
    expect(() => entropyRate(NaN, 0.3)).toThrow(/p must be in \(0, 1\)/);
    expect(() => unigramLoss(0.2, 1)).toThrow(/q must be in/);
    expect(() => mutualInformation(-0.1, 0.5)).toThrow(/p must be in/);
    expect(() => binaryEntropy(1.5)).toThrow(/t must be in \[0, 1\]/);
    expect(() => sampleSequence(0.2, 0.3, 0, createRng(1))).toThrow(/n must be an integer >= 1/);
    expect(() => sampleSequence(0.2, 0.3, 2.5, createRng(1))).toThrow(/n must be an integer/);
    expect(() => sampleBatch(0.2, 0.3, -1, 3, createRng(1))).toThrow(/batch must be an integer/);
    expect(() => estimateTransitions([0, 2, 1])).toThrow(/seq\[1\] must be 0 or 1/);
    expect(() => estimateTransitions([0, 1, 1], 2)).toThrow(/rowLength must divide/);
  });
});
