import { describe, expect, it } from "vitest";
import {
  attentionChain,
  attentionFlowField,
  attentionGradient,
  attentionGradientWithBias,
  attentionLimitOf,
  attentionLogit,
  attentionLoss,
  attentionLossMonteCarlo,
  attentionLossWithBias,
  attentionOptimalBias,
  attentionEnergyRate,
  attentionPlaneCurvature,
  balancingBeta,
  energyCandidate,
  energyCandidateRate,
  linearAttentionEnergy,
  linearAttentionFlowField,
  linearAttentionGap,
  linearAttentionGradient,
  linearAttentionLogits,
  linearAttentionLoss,
  linearAttentionLossWithBias,
  reconstructionTransformer,
  trajectoryDrift,
  transformerLogits,
} from "../src/attention/index";
import { canonicalLoss, canonicalLossWithBias, energy, logits as canonicalLogits, optimalBias, reducedLoss } from "../src/canonical/index";
import { canonicalFlowField } from "../src/canonical/field";
import { makeField } from "../src/flows/fields";
import { dopri5 } from "../src/flows/ode";
import { closePool, integrateMany } from "../src/flows/parallel";
import { entropyRate, stationary, unigramLoss } from "../src/markov/binary";
import { createRng } from "../src/runtime/rng";
import { softplus } from "../src/canonical/numerics";

const PQ: [number, number][] = [[0.2, 0.3], [0.5, 0.8], [0.1, 0.1], [0.9, 0.9]];

/** The loss by brute force: every binary sequence of length N + 1 with its probability (small N only). */
function bruteForceLoss(e: number, w: number, a: number, b: number, p: number, q: number, N: number): number {
  const [pi0, pi1] = stationary(p, q);
  let total = 0;
  for (let mask = 0; mask < 2 ** (N + 1); mask++) {
    const x = Array.from({ length: N + 1 }, (_, i) => (mask >> i) & 1);
    let prob = x[0] === 1 ? pi1 : pi0;
    for (let i = 1; i <= N; i++) {
      const up = x[i - 1] === 0 ? p : 1 - q;
      prob *= x[i] === 1 ? up : 1 - up;
    }
    let k = 0;
    let l = 0;
    for (let n = 1; n <= N; n++) {
      k += x[n - 1];
      const f = attentionLogit(e, w, a, b, x[n - 1], k / n);
      l += x[n] === 1 ? softplus(-f) : softplus(f);
    }
    total += (prob * l) / N;
  }
  return total;
}

/** Smallest |s_j| over the cells: distance of (a) from a kink of max(s, 0). */
function kinkDistance(a: number, chain: ReturnType<typeof attentionChain>): number {
  let m = Infinity;
  for (let j = 0; j < chain.size; j++) m = Math.min(m, Math.abs(chain.x[j] - 0.5 + a * chain.d[j]));
  return m;
}

describe("the chain's cell table (law of x_n, x̄_n, x_{n+1})", () => {
  it("is a probability law with the stationary marginal, for every N", () => {
    for (const [p, q] of PQ) {
      for (const N of [1, 2, 7, 32]) {
        const ch = attentionChain(p, q, N);
        let total = 0;
        for (let j = 0; j < ch.size; j++) total += ch.w1[j] + ch.w0[j];
        expect(Math.abs(total - 1)).toBeLessThan(1e-13);
        expect(Math.abs(ch.mean1 - stationary(p, q)[1])).toBeLessThan(1e-13);
      }
    }
    const one = attentionChain(0.2, 0.3, 1);
    expect(one.size).toBe(2); // (x_1 = 0, x̄ = 0) and (x_1 = 1, x̄ = 1)
  });

  it("merges equal running means: fewer cells than the N(N+1) states", () => {
    const ch = attentionChain(0.2, 0.3, 32);
    expect(ch.size).toBeLessThan(32 * 33);
    const keys = new Set(Array.from({ length: ch.size }, (_, j) => `${ch.x[j]}:${ch.d[j]}`));
    expect(keys.size).toBe(ch.size);
  });

  it("gives the exact loss: equals brute-force enumeration of all 2^(N+1) sequences", () => {
    const rng = createRng(3);
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 9);
      for (let i = 0; i < 5; i++) {
        const th = [2 * rng.normal(), rng.normal(), 2 * rng.normal(), rng.normal()];
        const exact = attentionLossWithBias(th[0], th[1], th[2], th[3], ch);
        expect(Math.abs(exact - bruteForceLoss(th[0], th[1], th[2], th[3], p, q, 9))).toBeLessThan(1e-13);
      }
    }
  });
});

describe("reduction to the canonical model at a = 0 (§3.1)", () => {
  it("L(e, w, 0) at b* equals canonicalLoss to 1e-10 (and b* equals the closed form for e > 0)", () => {
    const rng = createRng(5);
    let worst = 0;
    let worstBias = 0;
    let worstFree = 0;
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 24);
      for (let i = 0; i < 60; i++) {
        const e = 3 * (2 * rng.uniform() - 1), w = 3 * (2 * rng.uniform() - 1), b = 2 * rng.normal();
        worst = Math.max(worst, Math.abs(attentionLoss(e, w, 0, ch) - canonicalLoss(e, w, p, q)));
        if (e > 0 && Math.abs(e * e * (1 + 2 * w * Math.abs(w))) < 20) {
          // b* itself is ill-conditioned where the logits saturate (L flat in b); compare it at moderate gaps
          worstBias = Math.max(worstBias, Math.abs(attentionOptimalBias(e, w, 0, ch) - optimalBias(e, w, p, q)) / Math.max(1, Math.abs(optimalBias(e, w, p, q))));
          worstFree = Math.max(worstFree, Math.abs(attentionLossWithBias(e, w, 0, b, ch) - canonicalLossWithBias(e, w, b, p, q)));
        }
      }
    }
    expect(worst).toBeLessThan(1e-10);
    expect(worstBias).toBeLessThan(1e-9);
    expect(worstFree).toBeLessThan(1e-12);
  });

  it("the logit has the canonical gap f1 − f0 = e²(1 + 2w|w|) at a = 0, for both signs of e", () => {
    for (const e of [1.3, -0.7]) {
      for (const w of [0.8, -0.4]) {
        const gap = attentionLogit(e, w, 0, 0, 1, 0.3) - attentionLogit(e, w, 0, 0, 0, 0.3);
        expect(gap).toBeCloseTo(e * e * (1 + 2 * w * Math.abs(w)), 14);
      }
    }
    const { f0, f1 } = canonicalLogits(1.1, 0.6, 0.2);
    expect(attentionLogit(1.1, 0.6, 0, 0.2, 1, 1)).toBeCloseTo(f1, 14);
    expect(attentionLogit(1.1, 0.6, 0, 0.2, 0, 0)).toBeCloseTo(f0, 14);
  });
});

describe("the literal §2 network reproduces the scalar formulas", () => {
  it("softmax attention with W_Q = W_K = 0, W_V = a·u uᵀ gives attentionLogit (both signs of e)", () => {
    const rng = createRng(17);
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      const e = 2 * rng.normal(), w = rng.normal(), a = 2 * rng.normal(), b = rng.normal();
      const xs = Array.from({ length: 12 }, () => rng.bernoulli(0.4));
      const net = reconstructionTransformer(e, w, a, b, { d: 6 });
      const got = transformerLogits(net, xs);
      let k = 0;
      xs.forEach((x, n) => {
        k += x;
        const formula = attentionLogit(e, w, a, b, x, k / (n + 1));
        worst = Math.max(worst, Math.abs(got[n] - formula) / Math.max(1, Math.abs(formula)));
      });
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("linear attention with W_Q = u uᵀ, W_K = 4a·u uᵀ gives linearAttentionLogits", () => {
    const rng = createRng(18);
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      const e = 1.5 * rng.normal(), w = rng.normal(), a = rng.normal(), b = rng.normal();
      const xs = Array.from({ length: 10 }, () => rng.bernoulli(0.5));
      const got = transformerLogits(reconstructionTransformer(e, w, a, b, { d: 8, attention: "linear" }), xs);
      const { f0, f1 } = linearAttentionLogits(e, w, a, b);
      xs.forEach((x, n) => {
        worst = Math.max(worst, Math.abs(got[n] - (x === 1 ? f1 : f0)) / Math.max(1, Math.abs(f0), Math.abs(f1)));
      });
    }
    expect(worst).toBeLessThan(1e-12);
  });
});

describe("the gradient in closed form", () => {
  it("matches central finite differences (relative ≤ 1e-6) at 40 random points away from kinks", () => {
    const rng = createRng(7);
    let worst = 0;
    let count = 0;
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 16);
      let tried = 0;
      while (tried < 10) {
        const th = [2 * (2 * rng.uniform() - 1), 2 * (2 * rng.uniform() - 1), 3 * (2 * rng.uniform() - 1), rng.normal()];
        if (kinkDistance(th[2], ch) < 1e-3 || Math.abs(th[0]) < 1e-2) continue;
        tried++;
        const g = attentionGradientWithBias(th[0], th[1], th[2], th[3], ch);
        const h = 1e-5;
        const fd = th.map((_, k) => {
          const tp = th.slice(), tm = th.slice();
          tp[k] += h;
          tm[k] -= h;
          return (attentionLossWithBias(tp[0], tp[1], tp[2], tp[3], ch) - attentionLossWithBias(tm[0], tm[1], tm[2], tm[3], ch)) / (2 * h);
        });
        const err = Math.hypot(...g.map((v, k) => v - fd[k])) / Math.hypot(...g);
        worst = Math.max(worst, err);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(40);
    expect(worst).toBeLessThan(1e-6);
  });

  it("∇L(e, w, a) at b* (envelope theorem) matches finite differences of the reduced loss", () => {
    const rng = createRng(8);
    let worst = 0;
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 16);
      for (let i = 0; i < 8; i++) {
        const th = [2 * rng.normal(), rng.normal(), 2 * rng.normal()];
        if (kinkDistance(th[2], ch) < 1e-3) continue;
        const g = attentionGradient(th[0], th[1], th[2], ch);
        const h = 1e-5;
        const fd = th.map((_, k) => {
          const tp = th.slice(), tm = th.slice();
          tp[k] += h;
          tm[k] -= h;
          return (attentionLoss(tp[0], tp[1], tp[2], ch) - attentionLoss(tm[0], tm[1], tm[2], ch)) / (2 * h);
        });
        worst = Math.max(worst, Math.hypot(...g.map((v, k) => v - fd[k])) / Math.max(1e-8, Math.hypot(...g)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it("uses the convention ReLU′(0) = 0 (r′(s) = 0 at s = 0) at a kink", () => {
    // N = 1: cells (x = 1, x̄ = 1) and (x = 0, x̄ = 0) have s = ±½(1 + a): both vanish at a = −1.
    const ch = attentionChain(0.2, 0.3, 1);
    const e = 1, w = 0.5, b = 0.3;
    const [, gw, ga] = attentionGradientWithBias(e, w, -1, b, ch);
    expect(gw).toBe(0); // r(s) = 0 in both cells
    // with r′ = 0 in both cells, ∂L/∂a = e²·Σ_j G_j d_j and every logit equals b (z_j = 0)
    let expected = 0;
    for (let j = 0; j < ch.size; j++) {
      const G = (ch.w1[j] + ch.w0[j]) / (1 + Math.exp(-b)) - ch.w1[j];
      expected += e * e * G * ch.d[j];
    }
    expect(ga).toBeCloseTo(expected, 15);
    const right = attentionGradientWithBias(e, w, -1 + 1e-9, b, ch)[2];
    const left = attentionGradientWithBias(e, w, -1 - 1e-9, b, ch)[2];
    expect(Math.abs(right - left)).toBeGreaterThan(1e-3); // a real kink in a: the convention matters
  });
});

describe("the optimal bias b*", () => {
  it("is stationary (∂L/∂b = 0) and a strict minimum, also at large logits", () => {
    const rng = createRng(9);
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 20);
      for (let i = 0; i < 20; i++) {
        const scale = i < 10 ? 1 : 6;
        const e = scale * rng.normal(), w = rng.normal(), a = 2 * rng.normal();
        const b = attentionOptimalBias(e, w, a, ch);
        const gb = attentionGradientWithBias(e, w, a, b, ch)[3];
        expect(Math.abs(gb)).toBeLessThan(1e-12);
        const L = attentionLossWithBias(e, w, a, b, ch);
        // strict where the logits are moderate; where they saturate (large L) L is flat in b to rounding
        const slack = L < 2 ? 0 : 1e-15 * L;
        for (const db of [1e-3, -1e-3]) expect(attentionLossWithBias(e, w, a, b + db, ch)).toBeGreaterThan(L - slack);
      }
    }
  });

  it("is ln(p/q) on e = 0, where L = H_uni", () => {
    const ch = attentionChain(0.5, 0.8, 16);
    expect(attentionOptimalBias(0, 1.3, -2, ch)).toBeCloseTo(Math.log(0.5 / 0.8), 14);
    expect(attentionLoss(0, 1.3, -2, ch)).toBeCloseTo(unigramLoss(0.5, 0.8), 14);
  });
});

describe("exact loss against Monte Carlo", () => {
  it("agrees within 4 standard errors at several points (seeded)", () => {
    const rng = createRng(2024);
    for (const [p, q] of [[0.2, 0.3], [0.5, 0.8]] as [number, number][]) {
      const ch = attentionChain(p, q, 16);
      for (const th of [[0.8, -0.3, 0.7, 0.1], [1.5, 0.6, -1.2, -0.4], [-1.1, -0.9, 2, 0.3]]) {
        const exact = attentionLossWithBias(th[0], th[1], th[2], th[3], ch);
        const mc = attentionLossMonteCarlo(th[0], th[1], th[2], th[3], p, q, 16, 20_000, rng.fork(`mc-${p}-${th.join(",")}`));
        expect(mc.stdError).toBeGreaterThan(0);
        expect(Math.abs(mc.mean - exact) / mc.stdError).toBeLessThan(4);
      }
    }
  });

  it("is sensitive: a wrong N is detected", () => {
    const ch = attentionChain(0.2, 0.3, 4);
    const mc = attentionLossMonteCarlo(1.5, 0.6, -1.2, -0.4, 0.2, 0.3, 32, 20_000, createRng(1));
    expect(Math.abs(mc.mean - attentionLossWithBias(1.5, 0.6, -1.2, -0.4, ch)) / mc.stdError).toBeGreaterThan(4);
  });
});

describe("bad input fails loudly, naming the argument", () => {
  it("rejects p, q outside (0, 1), bad N and non-finite parameters", () => {
    expect(() => attentionChain(0, 0.3, 8)).toThrow(/^p must be in \(0, 1\)/);
    expect(() => attentionChain(0.2, 1.2, 8)).toThrow(/^q must be in \(0, 1\)/);
    expect(() => attentionChain(0.2, NaN, 8)).toThrow(/^q must be in \(0, 1\)/);
    expect(() => attentionChain(0.2, 0.3, 0)).toThrow(/^N must be an integer/);
    expect(() => attentionChain(0.2, 0.3, 2.5)).toThrow(/^N must be an integer/);
    expect(() => attentionChain(0.2, 0.3, 1e6)).toThrow(/^N must be an integer <= 2048/);
    const ch = attentionChain(0.2, 0.3, 8);
    expect(() => attentionLoss(NaN, 0, 0, ch)).toThrow(/^e must be a finite number/);
    expect(() => attentionLoss(0, Infinity, 0, ch)).toThrow(/^w must be a finite number/);
    expect(() => attentionGradient(0, 0, NaN, ch)).toThrow(/^a must be a finite number/);
    expect(() => attentionLossWithBias(0, 0, 0, NaN, ch)).toThrow(/^b must be a finite number/);
    expect(() => attentionGradientWithBias(0, 0, 0, -Infinity, ch)).toThrow(/^b must be a finite number/);
    expect(() => attentionLogit(1, 1, 1, 0, 2, 0.5)).toThrow(/^x must be 0 or 1/);
    expect(() => attentionLogit(1, 1, 1, 0, 1, 1.5)).toThrow(/^xbar must be in \[0, 1\]/);
    expect(() => attentionLossMonteCarlo(1, 1, 1, 0, 0.2, 0.3, 0, 10, createRng(1))).toThrow(/^N must be an integer/);
    expect(() => attentionLossMonteCarlo(1, 1, 1, 0, 0.2, 0.3, 4, 1, createRng(1))).toThrow(/^sequences must be an integer >= 2/);
    expect(() => attentionFlowField(1, 0.3, 8)).toThrow(/^p must be in \(0, 1\)/);
    expect(() => linearAttentionGap(0, NaN, 0)).toThrow(/^w must be a finite number/);
    expect(() => linearAttentionEnergy(1, 0, 1)).toThrow(/^w must be nonzero/);
    expect(() => energyCandidate(1, 0, 1, 2)).toThrow(/^w must be nonzero/);
    expect(() => reconstructionTransformer(1, 1, 1, 0, { d: 0 })).toThrow(/^d must be an integer/);
  });

  it("the flow field reports NaN (so the integrator says blow-up) instead of throwing mid-step", () => {
    const f = attentionFlowField(0.2, 0.3, 8);
    const dy = new Float64Array(3);
    f(Float64Array.of(NaN, 0, 0), dy);
    expect(Number.isNaN(dy[0])).toBe(true);
  });
});

describe("the flow field and its registration", () => {
  it("equals −∇L at b*, and makeField builds the same field from plain data", () => {
    const ch = attentionChain(0.2, 0.3, 12);
    const f = attentionFlowField(0.2, 0.3, 12);
    const g = makeField({ kind: "attention", p: 0.2, q: 0.3, N: 12 });
    const dy = new Float64Array(3), dz = new Float64Array(3);
    const rng = createRng(4);
    for (let i = 0; i < 20; i++) {
      const th = [rng.normal(), rng.normal(), rng.normal()];
      f(Float64Array.from(th), dy);
      g(Float64Array.from(th), dz);
      const ref = attentionGradient(th[0], th[1], th[2], ch);
      for (let k = 0; k < 3; k++) {
        expect(dy[k]).toBe(-ref[k]);
        expect(dz[k]).toBe(dy[k]);
      }
    }
    const lin = makeField({ kind: "attention-linear", p: 0.2, q: 0.3 });
    lin(Float64Array.of(0.9, -0.4, 0.6), dy);
    expect(Array.from(dy)).toEqual(linearAttentionGradient(0.9, -0.4, 0.6, 0.2, 0.3).map((v) => -v));
  });

  it("runs on worker threads through integrateMany, with the same ends as the serial path", async () => {
    const rng = createRng(12);
    const starts = Float64Array.from({ length: 3 * 40 }, () => 0.1 * rng.normal());
    const spec = { kind: "attention" as const, p: 0.5, q: 0.8, N: 8 };
    const opts = { rtol: 1e-8, atol: 1e-10, tMax: 2000 };
    const par = await integrateMany(spec, starts, 3, { ...opts, workers: 2 });
    const ser = await integrateMany(spec, starts, 3, { ...opts, workers: 0 });
    closePool();
    expect(par.outcomes.every((o) => o === "converged")).toBe(true);
    expect(Array.from(par.ends)).toEqual(Array.from(ser.ends));
    for (let i = 0; i < 40; i++) expect(Math.abs(par.ends[3 * i])).toBeLessThan(1e-6); // p + q > 1: e → 0
  }, 120_000);
});

describe("critical structure (§8 reconstruction)", () => {
  it("e = 0 is critical with L = H_uni; Γ* × {a = 0} is critical with L = H_bi", () => {
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 16);
      const g0 = attentionGradient(0, 0.4, -1.3, ch);
      expect(Math.hypot(...g0)).toBe(0);
      const cs = Math.log(((1 - p) * (1 - q)) / (p * q));
      const w = cs > 0 ? 0.3 : -1.2;
      const e = Math.sqrt(cs / (1 + 2 * w * Math.abs(w)));
      expect(Math.abs(attentionLoss(e, w, 0, ch) - entropyRate(p, q))).toBeLessThan(1e-12);
      expect(Math.hypot(...attentionGradient(e, w, 0, ch))).toBeLessThan(1e-10);
      expect(attentionLimitOf(e, w, 0, ch)).toBe("global");
      expect(attentionLimitOf(0, w, 0.7, ch)).toBe("local");
      expect(attentionLimitOf(0.5, w, 0.7, ch)).toBe("undecided");
    }
  });

  it("the one-sided curvature on e = 0 equals the 2-D value at a = 0 and finite differences elsewhere", () => {
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 16);
      for (const w of [-1, -0.3, 0, 0.8]) {
        const c = attentionPlaneCurvature(w, 0, ch);
        const expected = (2 * p * q * (p + q - 1) * (1 + 2 * w * Math.abs(w))) / (p + q) ** 2;
        expect(c.plus).toBeCloseTo(expected, 13);
        expect(c.minus).toBeCloseTo(expected, 13);
      }
      const H = unigramLoss(p, q);
      for (const [w, a] of [[0.5, 0.9], [-0.6, -1.7]]) {
        const c = attentionPlaneCurvature(w, a, ch);
        const h = 1e-3;
        expect((2 * (attentionLoss(h, w, a, ch) - H)) / (h * h)).toBeCloseTo(c.plus, 4);
        expect((2 * (attentionLoss(-h, w, a, ch) - H)) / (h * h)).toBeCloseTo(c.minus, 4);
      }
    }
  });

  it("has no 1 + a·e² = 0 structure: ∇L ≠ 0 where the linear variant's Θ_station lies", () => {
    for (const [p, q] of PQ) {
      const ch = attentionChain(p, q, 16);
      for (const e of [0.7, 1, 1.8]) {
        const a = -1 / (e * e);
        expect(Math.hypot(...linearAttentionGradient(e, -Math.SQRT1_2, a, p, q))).toBeLessThan(1e-14);
        expect(Math.hypot(...attentionGradient(e, -Math.SQRT1_2, a, ch))).toBeGreaterThan(1e-4);
      }
    }
  });
});

describe("the linear-attention reconstruction", () => {
  it("reduces to the canonical model at a = 0 and is φ(c) at b*", () => {
    const rng = createRng(21);
    for (const [p, q] of PQ) {
      for (let i = 0; i < 20; i++) {
        const e = 2 * rng.normal(), w = rng.normal(), a = rng.normal(), b = rng.normal();
        expect(linearAttentionLoss(e, w, 0, p, q)).toBeCloseTo(canonicalLoss(e, w, p, q), 13);
        if (e > 0) expect(linearAttentionLossWithBias(e, w, 0, b, p, q)).toBeCloseTo(canonicalLossWithBias(e, w, b, p, q), 13);
        const c = linearAttentionGap(e, w, a);
        expect(linearAttentionLoss(e, w, a, p, q)).toBe(reducedLoss(c, p, q));
        const { f0, f1 } = linearAttentionLogits(e, w, a, b);
        expect(f1 - f0).toBeCloseTo(c, 10);
      }
    }
  });

  it("its gradient matches finite differences", () => {
    const rng = createRng(22);
    let worst = 0;
    for (const [p, q] of PQ) {
      for (let i = 0; i < 10; i++) {
        const th = [1.2 * rng.normal(), rng.normal(), 0.5 * rng.normal()];
        const g = linearAttentionGradient(th[0], th[1], th[2], p, q);
        const h = 1e-6;
        const fd = th.map((_, k) => {
          const tp = th.slice(), tm = th.slice();
          tp[k] += h;
          tm[k] -= h;
          return (linearAttentionLoss(tp[0], tp[1], tp[2], p, q) - linearAttentionLoss(tm[0], tm[1], tm[2], p, q)) / (2 * h);
        });
        worst = Math.max(worst, Math.hypot(...g.map((v, k) => v - fd[k])) / Math.max(1e-6, Math.hypot(...g)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe("energies along 3-D flows (measured, not assumed)", () => {
  const tol = { rtol: 1e-10, atol: 1e-12, gradTol: 1e-9, tMax: 3000, record: true };

  it("C = e² − 2a² − (w² + sign(w)ln|w|) is conserved by the linear-attention flow (drift ≤ 1e-8)", () => {
    const rng = createRng(31);
    const f = linearAttentionFlowField(0.2, 0.3);
    let worst = 0;
    for (let i = 0; i < 6; i++) {
      const y0 = [0.2 * rng.normal(), 0.2 * rng.normal(), 0.2 * rng.normal()];
      const r = dopri5(f, y0, tol);
      worst = Math.max(worst, trajectoryDrift(r.states as number[], 3, (y) => linearAttentionEnergy(y[0], y[1], y[2])));
      // the 2-D energy E(e, w) is NOT conserved there: it moves by exactly 2(a_t² − a_0²)
      const dE = energy(r.y[0], r.y[1]) - energy(y0[0], y0[1]);
      expect(dE).toBeCloseTo(2 * (r.y[2] ** 2 - y0[2] ** 2), 7);
    }
    expect(worst).toBeLessThan(1e-8);
    const rng2 = createRng(32);
    for (let i = 0; i < 20; i++) {
      const e = rng2.normal(), w = rng2.normal(), a = rng2.normal();
      expect(balancingBeta(e, w, a, linearAttentionGradient(e, w, a, 0.2, 0.3))).toBeCloseTo(2, 8);
      expect(Math.abs(energyCandidateRate(e, w, a, 2, linearAttentionGradient(e, w, a, 0.2, 0.3)))).toBeLessThan(1e-12);
    }
  });

  it("in the uniform-attention reconstruction E(e, w) drifts by ≥ 1e-3 along flows where the 2-D flow conserves it to 1e-7", () => {
    const rng = createRng(33);
    const f = attentionFlowField(0.2, 0.3, 12);
    const f2 = canonicalFlowField(0.2, 0.3);
    let drift3 = 0;
    let drift2 = 0;
    for (let i = 0; i < 3; i++) {
      const y0 = [0.1 * rng.normal(), 0.1 * rng.normal(), 0.2 * rng.normal()];
      const r = dopri5(f, y0, tol);
      expect(r.outcome).toBe("converged");
      drift3 = Math.max(drift3, trajectoryDrift(r.states as number[], 3, (y) => energyCandidate(y[0], y[1], y[2], 0)));
      const r2 = dopri5(f2, y0.slice(0, 2), tol);
      drift2 = Math.max(drift2, trajectoryDrift(r2.states as number[], 2, (y) => energy(y[0], y[1])));
    }
    expect(drift2).toBeLessThan(1e-7);
    expect(drift3).toBeGreaterThan(1e-3);
  });

  it("dE/dt = 4·sign(e)·e²·Σ G_j|s_j| in closed form: equals −∇E·∇L, vanishes at a = 0, not for a ≠ 0", () => {
    const ch = attentionChain(0.2, 0.3, 12);
    const rng = createRng(35);
    for (let i = 0; i < 20; i++) {
      const e = rng.normal(), w = rng.normal(), a = 2 * rng.normal();
      const viaGradient = energyCandidateRate(e, w, a, 0, attentionGradient(e, w, a, ch));
      expect(Math.abs(attentionEnergyRate(e, w, a, ch) - viaGradient)).toBeLessThan(1e-12 + 1e-9 * Math.abs(viaGradient));
      expect(Math.abs(attentionEnergyRate(e, w, 0, ch))).toBeLessThan(1e-13);
    }
    expect(Math.abs(attentionEnergyRate(0.8, -0.3, 0.5, ch))).toBeGreaterThan(1e-3);
  });

  it("no member of C_β = e² − βa² − (w² + sign(w)ln|w|) is conserved there: the balancing β is not constant", () => {
    const ch = attentionChain(0.2, 0.3, 12);
    const rng = createRng(34);
    const betas: number[] = [];
    for (let i = 0; i < 20; i++) {
      const e = rng.normal(), w = rng.normal(), a = rng.normal();
      const beta = balancingBeta(e, w, a, attentionGradient(e, w, a, ch));
      if (beta !== null) betas.push(beta);
    }
    expect(betas.length).toBeGreaterThan(15);
    expect(Math.max(...betas) - Math.min(...betas)).toBeGreaterThan(0.5);
  });
});

describe("small Gaussian inits near the origin (Figs. 2 and 5, reconstruction)", () => {
  it("p + q < 1: flows reach H_bi with a → 0; p + q > 1: flows reach e = 0 with a frozen", () => {
    const rng = createRng(41);
    const opts = { rtol: 1e-8, atol: 1e-10, gradTol: 1e-8, tMax: 3000 };
    const below = attentionChain(0.2, 0.3, 12), above = attentionChain(0.5, 0.8, 12);
    const fb = attentionFlowField(0.2, 0.3, 12), fa = attentionFlowField(0.5, 0.8, 12);
    for (let i = 0; i < 4; i++) {
      const y0 = [0.1 * rng.normal(), 0.1 * rng.normal(), 0.1 * rng.normal()];
      const rb = dopri5(fb, y0, opts);
      expect(attentionLimitOf(rb.y[0], rb.y[1], rb.y[2], below)).toBe("global");
      expect(Math.abs(rb.y[2])).toBeLessThan(1e-4);
      const ra = dopri5(fa, y0, opts);
      expect(attentionLimitOf(ra.y[0], ra.y[1], ra.y[2], above)).toBe("local");
      expect(Math.abs(ra.y[2] - y0[2])).toBeLessThan(0.01);
    }
  });
});
