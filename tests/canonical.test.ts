import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import { entropyRate, stationary, unigramLoss } from "../src/markov";
import {
  E_SAD,
  W_SAD,
  canonicalGradient,
  canonicalGradientWithBias,
  canonicalHessian,
  canonicalHessianWithBias,
  finiteDifferenceHessian2,
  canonicalLoss,
  canonicalLossWithBias,
  cStar,
  classifyOnAxis,
  criticalKind,
  criticalSweep,
  energy,
  energyRate,
  energyRateWithBias,
  gammaStarE,
  gammaStarPoints,
  gradientNorm,
  logAddExp,
  logitGap,
  logits,
  optimalBias,
  optimalLogits,
  reducedCurvature,
  reducedLoss,
  saddlePoint,
  sigmoid,
  symmetricEigenvalues2,
  type Matrix2,
} from "../src/canonical";
import { PAPER_PQ, fd4, norm, printMetrics, recordMetric, rk4Flow } from "./support/flow";

const PQ = PAPER_PQ;

afterAll(() => printMetrics("canonical"));

/** Random (e, w) in [−3, 3]² with |w| ≥ wMin (FD stencils must not straddle the kink at w = 0). */
function randomPoints(seed: number, n: number, wMin = 0.05): Array<[number, number]> {
  const rng = createRng(seed);
  const out: Array<[number, number]> = [];
  while (out.length < n) {
    const e = -3 + 6 * rng.uniform();
    const w = -3 + 6 * rng.uniform();
    if (Math.abs(w) >= wMin) out.push([e, w]);
  }
  return out;
}

/**
 * ln t by bisection on the quadratic q e^c t² + (q−p)t − p = 0 written in log space (u = ln t), an independent
 * route to b*: both sides are log-sum-exps of positive terms and the difference is increasing in u with slope ≥ 1.
 */
function lnTByBisection(c: number, p: number, q: number): number {
  const H =
    q >= p
      ? (u: number) =>
          logAddExp(Math.log(q) + c + 2 * u, q === p ? -Infinity : Math.log(q - p) + u) - Math.log(p)
      : (u: number) => Math.log(q) + c + 2 * u - logAddExp(Math.log(p - q) + u, Math.log(p));
  let lo = -Math.abs(c) - 50;
  let hi = Math.abs(c) + 50;
  expect(H(lo)).toBeLessThan(0);
  expect(H(hi)).toBeGreaterThan(0);
  for (let i = 0; i < 300; i++) {
    const m = (lo + hi) / 2;
    if (m === lo || m === hi) break;
    if (H(m) < 0) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

describe("optimal bias b* (§3.2)", () => {
  it("satisfies the stationarity equation π1σ(f1) + π0σ(f0) = π1 to 1e-12", () => {
    let worst = 0;
    const rng = createRng(3);
    for (let i = 0; i < 400; i++) {
      const p = 0.02 + 0.96 * rng.uniform();
      const q = 0.02 + 0.96 * rng.uniform();
      const e = -4 + 8 * rng.uniform();
      const w = -3 + 6 * rng.uniform();
      const b = optimalBias(e, w, p, q);
      const { f0, f1 } = logits(e, w, b);
      const [pi0, pi1] = stationary(p, q);
      worst = Math.max(worst, Math.abs(pi1 * sigmoid(f1) + pi0 * sigmoid(f0) - pi1));
    }
    recordMetric("stationarity residual max", worst);
    expect(worst).toBeLessThan(1e-12);
  });

  it("agrees with the direct quadratic formula for |c| ≤ 100", () => {
    let worst = 0;
    for (const [p, q] of [...PQ, [0.3, 0.2] as [number, number], [0.7, 0.7] as [number, number]]) {
      for (let c = -100; c <= 100; c += 0.5) {
        const ec = Math.exp(c);
        const root = Math.sqrt((q - p) ** 2 + 4 * p * q * ec);
        // The two algebraically equal forms of t; pick the one without cancellation.
        const t = q >= p ? (2 * p) / (q - p + root) : (p - q + root) / (2 * q * ec);
        const err = Math.abs(optimalLogits(c, p, q).f0 - Math.log(t)) / Math.max(1, Math.abs(Math.log(t)));
        worst = Math.max(worst, err);
      }
    }
    recordMetric("b* vs direct formula, max rel err", worst);
    expect(worst).toBeLessThan(1e-13);
  });

  it("stays finite and correct for |c| in the thousands (log-space bisection)", () => {
    let worst = 0;
    for (const [p, q] of [...PQ, [0.3, 0.2] as [number, number], [0.05, 0.6] as [number, number]]) {
      for (const c of [-5000, -3000, -1000, -475, 475, 709, 1000, 3000, 5000]) {
        const { f0, f1 } = optimalLogits(c, p, q);
        expect(Number.isFinite(f0) && Number.isFinite(f1)).toBe(true);
        const ref = lnTByBisection(c, p, q);
        worst = Math.max(worst, Math.abs(f0 - ref) / Math.max(1, Math.abs(ref)));
        expect(Number.isFinite(reducedLoss(c, p, q))).toBe(true);
      }
      // Large positive c: ln t = ½(ln(p/q) − c) + O(e^{−c/2}).
      expect(Math.abs(optimalLogits(3000, p, q).f0 - 0.5 * (Math.log(p / q) - 3000))).toBeLessThan(1e-12 * 3000);
    }
    recordMetric("b* vs log-space bisection (|c| ≤ 5000), max rel err", worst);
    expect(worst).toBeLessThan(1e-14);
    // Through the public (e, w) API: c = 19·1600 and c = −17·1600.
    const big = optimalBias(40, 3, 0.2, 0.3) - 800;
    expect(Math.abs(big - lnTByBisection(30400, 0.2, 0.3)) / 15200).toBeLessThan(1e-14);
    const g = canonicalGradient(40, -3, 0.5, 0.8);
    expect(Number.isFinite(g[0]) && Number.isFinite(g[1]) && Number.isFinite(canonicalLoss(40, -3, 0.5, 0.8))).toBe(true);
  });

  it("p = q with c ≪ 0 gives ln t = −c/2 (no ln 0)", () => {
    for (const p of [0.1, 0.5, 0.9]) {
      for (const c of [-50, -800, -4000]) {
        expect(Math.abs(optimalLogits(c, p, p).f0 + c / 2)).toBeLessThan(1e-12 * Math.abs(c));
      }
      expect(optimalBias(0, 2, p, p)).toBe(0);
    }
  });
});

describe("loss (§3.1–3.2)", () => {
  it("L(e, w) = min_b L(e, w, b): b* beats nearby biases and matches L(e, w, b*)", () => {
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(7, 20)) {
        const b = optimalBias(e, w, p, q);
        const L = canonicalLoss(e, w, p, q);
        expect(Math.abs(L - canonicalLossWithBias(e, w, b, p, q))).toBeLessThan(1e-12 * Math.max(1, L));
        for (const d of [-1e-3, 1e-3, -0.5, 0.5]) {
          expect(canonicalLossWithBias(e, w, b + d, p, q)).toBeGreaterThanOrEqual(L - 1e-15);
        }
      }
    }
  });
  it("is finite at extreme logits (no log 0)", () => {
    expect(Number.isFinite(canonicalLossWithBias(30, 3, -500, 0.2, 0.3))).toBe(true);
    expect(canonicalLossWithBias(0, 0, 0, 0.2, 0.3)).toBeCloseTo(Math.LN2, 15);
  });
});

describe("gradients vs finite differences (§3.3)", () => {
  it("∇L(e, w) at b* matches 4th-order FD of L(e, w) at ≥ 50 seeded points per (p, q)", () => {
    let worst = 0;
    let count = 0;
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(101, 60)) {
        const g = canonicalGradient(e, w, p, q);
        const L = (x: number[]) => canonicalLoss(x[0], x[1], p, q);
        const fd = [fd4(L, [e, w], 0, 1e-3), fd4(L, [e, w], 1, 1e-3)];
        const rel = norm([g[0] - fd[0], g[1] - fd[1]]) / Math.max(norm(g), 1e-3);
        worst = Math.max(worst, rel);
        count++;
      }
    }
    recordMetric("grad (b*) vs FD: points", count);
    recordMetric("grad (b*) vs FD: max rel err", worst);
    expect(worst).toBeLessThan(1e-6);
  });

  it("free-b gradient matches FD of L(e, w, b)", () => {
    let worst = 0;
    const rng = createRng(202);
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(203, 60)) {
        const b = -3 + 6 * rng.uniform();
        const g = canonicalGradientWithBias(e, w, b, p, q);
        const L = (x: number[]) => canonicalLossWithBias(x[0], x[1], x[2], p, q);
        const fd = [0, 1, 2].map((i) => fd4(L, [e, w, b], i, 1e-3));
        worst = Math.max(worst, norm(g.map((v, i) => v - fd[i])) / Math.max(norm(g), 1e-3));
      }
    }
    recordMetric("grad (free b) vs FD: max rel err", worst);
    expect(worst).toBeLessThan(1e-6);
  });

  it("at b* the free-b gradient reduces to the envelope gradient with ∂L/∂b = 0", () => {
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(5, 20)) {
        const b = optimalBias(e, w, p, q);
        const gb = canonicalGradientWithBias(e, w, b, p, q);
        const g = canonicalGradient(e, w, p, q);
        expect(Math.abs(gb[2])).toBeLessThan(1e-13);
        expect(norm([gb[0] - g[0], gb[1] - g[1]])).toBeLessThan(1e-12 * Math.max(1, norm(g)));
      }
    }
  });
});

describe("Hessians (derived closed forms)", () => {
  it("∇²L(e, w) at b* matches FD of ∇L (includes the db*/d(e, w) correction)", () => {
    let worst = 0;
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(303, 60)) {
        const H = canonicalHessian(e, w, p, q);
        const h = 1e-4;
        const gp = (x: number[]) => canonicalGradient(x[0], x[1], p, q);
        const rows: number[][] = [0, 1].map((j) => [0, 1].map((i) => fd4((x) => gp(x)[i], [e, w], j, h)));
        const diff = norm([H[0][0] - rows[0][0], H[0][1] - rows[0][1], H[1][0] - rows[1][0], H[1][1] - rows[1][1]]);
        worst = Math.max(worst, diff / Math.max(norm([...H[0], ...H[1]]), 1e-3));
      }
    }
    recordMetric("Hessian (b*) vs FD: max rel err", worst);
    expect(worst).toBeLessThan(1e-6);
  });

  it("finiteDifferenceHessian2 recovers a quadratic's Hessian, matches the closed form, and rejects a bad step", () => {
    const H = finiteDifferenceHessian2((e, w) => e * e - 3 * e * w + 0.5 * w * w, 0.3, -0.7, 1e-3);
    expect(H[0][0]).toBeCloseTo(2, 8);
    expect(H[0][1]).toBeCloseTo(-3, 8);
    expect(H[1][1]).toBeCloseTo(1, 8);
    let worst = 0;
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(17, 30)) {
        if (Math.abs(w) < 1e-2) continue;
        const A = finiteDifferenceHessian2((x, y) => canonicalLoss(x, y, p, q), e, w, 1e-4);
        const B = canonicalHessian(e, w, p, q);
        worst = Math.max(worst, norm([A[0][0] - B[0][0], A[0][1] - B[0][1], A[1][1] - B[1][1]]) / Math.max(norm([...B[0], ...B[1]]), 1));
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(() => finiteDifferenceHessian2((e) => e, 0, 0, 0)).toThrow(/h must be/);
  });

  it("the naive Hessian without the implicit-function term does NOT match (the correction matters)", () => {
    const [p, q] = [0.2, 0.3];
    const [e, w] = [1.1, 0.4];
    const b = optimalBias(e, w, p, q);
    const H3 = canonicalHessianWithBias(e, w, b, p, q);
    const H = canonicalHessian(e, w, p, q);
    expect(Math.abs(H3[0][0] - H[0][0])).toBeGreaterThan(1e-3);
  });

  it("∇²L(e, w, b) matches FD of the free-b gradient", () => {
    let worst = 0;
    const rng = createRng(404);
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(405, 60)) {
        const b = -3 + 6 * rng.uniform();
        const H = canonicalHessianWithBias(e, w, b, p, q);
        const gp = (x: number[]) => canonicalGradientWithBias(x[0], x[1], x[2], p, q);
        let d = 0;
        for (let j = 0; j < 3; j++) {
          for (let i = 0; i < 3; i++) d = Math.max(d, Math.abs(H[j][i] - fd4((x) => gp(x)[i], [e, w, b], j, 1e-4)));
          expect(H[j][0] === H[0][j] && H[j][1] === H[1][j] && H[j][2] === H[2][j]).toBe(true);
        }
        worst = Math.max(worst, d / Math.max(norm(H.flat()), 1e-3));
      }
    }
    recordMetric("Hessian (free b) vs FD: max rel err", worst);
    expect(worst).toBeLessThan(1e-6);
  });

  it("the reduced Hessian is the Schur complement of the free-b Hessian at b*", () => {
    let worst = 0;
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(505, 40)) {
        const H3 = canonicalHessianWithBias(e, w, optimalBias(e, w, p, q), p, q);
        const H = canonicalHessian(e, w, p, q);
        const s = H3[2][2];
        const schur: Matrix2 = [
          [H3[0][0] - (H3[0][2] * H3[2][0]) / s, H3[0][1] - (H3[0][2] * H3[2][1]) / s],
          [H3[1][0] - (H3[1][2] * H3[2][0]) / s, H3[1][1] - (H3[1][2] * H3[2][1]) / s],
        ];
        const d = norm([schur[0][0] - H[0][0], schur[0][1] - H[0][1], schur[1][1] - H[1][1]]);
        worst = Math.max(worst, d / Math.max(1, norm([...H[0], ...H[1]])));
      }
    }
    recordMetric("Schur complement vs reduced Hessian: max rel diff", worst);
    expect(worst).toBeLessThan(1e-10);
  });

  it("documents the jump at w = 0: one-sided ∂²L/∂w² differ by 8e²g1, w = 0 gives their average", () => {
    const [p, q, e] = [0.2, 0.3, 1.3];
    const left = canonicalHessian(e, -1e-12, p, q)[1][1];
    const right = canonicalHessian(e, 1e-12, p, q)[1][1];
    const mid = canonicalHessian(e, 0, p, q)[1][1];
    expect(Math.abs(right - left)).toBeGreaterThan(1e-3);
    expect(Math.abs(mid - (left + right) / 2)).toBeLessThan(1e-9);
  });
});

describe("Theorem 1: critical sets {e = 0} ∪ Γ* (§4)", () => {
  it("on Γ*: L = H_bi (1e-10), ‖∇L‖ ≤ 1e-12, second-order kind local-min", () => {
    let worstL = 0;
    let worstG = 0;
    for (const [p, q] of PQ) {
      const pts = gammaStarPoints(p, q, -3, 3, 121);
      expect(pts.length).toBeGreaterThan(20);
      const Hbi = entropyRate(p, q);
      const cs = cStar(p, q);
      for (const { e, w } of pts) {
        // Side of −1/√2 predicted by Theorem 1.
        expect(p + q < 1 ? w > W_SAD : w < W_SAD).toBe(true);
        if (p + q > 1) expect(Math.abs(e * e - Math.abs(cs) / (2 * w * w - 1))).toBeLessThan(1e-12 * Math.max(1, e * e));
        for (const s of [e, -e]) {
          worstL = Math.max(worstL, Math.abs(canonicalLoss(s, w, p, q) - Hbi));
          worstG = Math.max(worstG, gradientNorm(s, w, p, q));
          expect(criticalKind(s, w, p, q, { gradTol: 1e-12 })).toBe("local-min");
          const [lo, hi] = symmetricEigenvalues2(canonicalHessian(s, w, p, q));
          expect(hi).toBeGreaterThan(1e-6);
          expect(Math.abs(lo)).toBeLessThan(1e-12 * Math.max(1, hi));
        }
      }
      expect(gammaStarE(p + q < 1 ? -1 : -0.5, p, q)).toBeNull();
      // The double W_SAD lies a hair left of −1/√2 (1 + 2w|w| ≈ −2e-16): Γ* is at e → ∞ there for p + q > 1.
      if (p + q < 1) expect(gammaStarE(W_SAD, p, q)).toBeNull();
      else expect(gammaStarE(W_SAD, p, q) as number).toBeGreaterThan(1e6);
    }
    recordMetric("Γ*: max |L − H_bi|", worstL);
    recordMetric("Γ*: max ‖∇L‖", worstG);
    expect(worstL).toBeLessThan(1e-10);
    expect(worstG).toBeLessThan(1e-12);
  });

  it("on e = 0: L = H_uni, ∇L = 0, classification by (p+q−1)(1+2w|w|), checked three ways", () => {
    for (const [p, q] of PQ) {
      const Huni = unigramLoss(p, q);
      const s = p + q;
      for (let w = -3; w <= 3.0001; w += 0.05) {
        expect(Math.abs(canonicalLoss(0, w, p, q) - Huni)).toBeLessThan(1e-10);
        expect(gradientNorm(0, w, p, q)).toBeLessThanOrEqual(1e-12);
        const kind = classifyOnAxis(w, p, q);
        const k = 1 + 2 * w * Math.abs(w);
        if (Math.abs(k) < 1e-9) continue; // w ≈ −1/√2 handled below
        expect(kind).toBe((s - 1) * k > 0 ? "local-min" : "local-max");
        // The authors' side rule: local minima at w > −1/√2 iff p + q > 1.
        expect(kind === "local-min").toBe(s > 1 ? w > W_SAD : w < W_SAD);
        // Hessian: ∂²L/∂e² = 2pq(p+q−1)(1+2w|w|)/(p+q)² (§3.3), the other entries vanish.
        const H = canonicalHessian(0, w, p, q);
        expect(Math.abs(H[0][0] - (2 * p * q * (s - 1) * k) / (s * s))).toBeLessThan(1e-14);
        expect(Math.abs(H[0][1])).toBe(0);
        expect(Math.abs(H[1][1])).toBe(0);
        expect(criticalKind(0, w, p, q)).toBe(kind);
        // Direct check: moving off the line raises L at a local min and lowers it at a "local max".
        const dL = canonicalLoss(1e-3, w, p, q) - Huni;
        expect(kind === "local-min" ? dL > 0 : dL < 0).toBe(true);
      }
    }
  });

  it("saddle at (0, −1/√2): classifyOnAxis says saddle, the Hessian is ≈ 0 (second-order test silent)", () => {
    for (const [p, q] of PQ) {
      expect(classifyOnAxis(W_SAD, p, q)).toBe("saddle");
      expect(criticalKind(0, W_SAD, p, q)).toBe("degenerate");
      expect(saddlePoint()).toEqual({ e: 0, w: W_SAD });
      // L goes both up and down near the saddle: along e at w slightly left/right of −1/√2.
      const Huni = unigramLoss(p, q);
      const left = canonicalLoss(1e-2, W_SAD - 0.05, p, q) - Huni;
      const right = canonicalLoss(1e-2, W_SAD + 0.05, p, q) - Huni;
      expect(Math.sign(left) * Math.sign(right)).toBe(-1);
    }
  });

  it("criticalKind reports not-critical off the critical set", () => {
    expect(criticalKind(1, 1, 0.9, 0.9)).toBe("not-critical");
    expect(reducedCurvature(0, 0.2, 0.3)).toBeCloseTo(0.0576, 15);
  });
});

describe("energy (§3.4)", () => {
  it("values: E(0.5, −1) = −0.75, E_sad = −(1+ln 2)/2 = E(saddle), E(0.5, −2) ≈ −3.06", () => {
    expect(energy(0.5, -1)).toBe(-0.75);
    expect(E_SAD).toBeCloseTo(-0.8465735903, 10);
    expect(Math.abs(energy(0, W_SAD) - E_SAD)).toBeLessThan(1e-15);
    expect(energy(0.5, -2)).toBeCloseTo(0.25 - 4 + Math.LN2, 14);
  });

  it("dE/dt terms cancel at b* and equal 2e²·∂L/∂b with a free b", () => {
    let worst = 0;
    let worstFree = 0;
    const rng = createRng(606);
    for (const [p, q] of PQ) {
      for (const [e, w] of randomPoints(607, 50, 0.01)) {
        const r = energyRate(e, w, p, q);
        expect(r.total).toBe(r.eTerm + r.wTerm);
        worst = Math.max(worst, Math.abs(r.total) / Math.max(1, Math.abs(r.eTerm)));
        const b = -3 + 6 * rng.uniform();
        const rf = energyRateWithBias(e, w, b, p, q);
        const expected = 2 * e * e * canonicalGradientWithBias(e, w, b, p, q)[2];
        worstFree = Math.max(worstFree, Math.abs(rf.total - expected) / Math.max(1, Math.abs(rf.eTerm)));
      }
    }
    recordMetric("dE/dt at b*: max |total|/max(1,|eTerm|)", worst);
    recordMetric("dE/dt free b vs 2e²∂L/∂b: max rel", worstFree);
    expect(worst).toBeLessThan(1e-14);
    expect(worstFree).toBeLessThan(1e-13);
  });

  it("E is conserved along RK4 paths of the flow (drift ≤ 1e-8 relative; drift shrinks like dt⁴)", () => {
    const starts: Array<[number, number]> = [
      [0.5, -1],
      [1, -0.5],
      [2, -2],
      [0.3, -1],
      [1, 1],
      [0.5, -2],
    ];
    const maxDrift = (dt: number) => {
      let worst = 0;
      for (const [p, q] of PQ) {
        for (const [e0, w0] of starts) {
          const E0 = energy(e0, w0);
          rk4Flow(e0, w0, p, q, dt, 20, 0, (e, w) => {
            worst = Math.max(worst, Math.abs(energy(e, w) - E0) / Math.max(1, Math.abs(E0)));
          });
        }
      }
      return worst;
    };
    const fine = maxDrift(0.002);
    const coarse = maxDrift(0.004);
    recordMetric("RK4 (dt 0.002, T 20) max relative E drift", fine);
    recordMetric("RK4 drift ratio dt 0.004 / dt 0.002", coarse / fine);
    expect(fine).toBeLessThan(1e-8);
    // A formula error in E or ∇L would give an O(1) drift that does not shrink with dt; RK4 error shrinks ~16×.
    expect(coarse / fine).toBeGreaterThan(10);
  });
});

describe("bad input (canonical)", () => {
  it("names the argument", () => {
    expect(() => cStar(0.4, 0.6)).toThrow(/p \+ q must differ from 1/);
    expect(() => cStar(1.2, 0.3)).toThrow(/^p must be in \(0, 1\), got 1.2$/);
    expect(() => optimalBias(NaN, 1, 0.2, 0.3)).toThrow(/^e must be a finite number/);
    expect(() => optimalBias(1, Infinity, 0.2, 0.3)).toThrow(/^w must be a finite number/);
    expect(() => optimalBias(1, 1, 0.2, 0)).toThrow(/^q must be in \(0, 1\)/);
    expect(() => canonicalLossWithBias(1, 1, NaN, 0.2, 0.3)).toThrow(/^b must be a finite number/);
    expect(() => canonicalLoss(1, 1, 0, 0.3)).toThrow(/^p must be in/);
    expect(() => canonicalGradient(1, NaN, 0.2, 0.3)).toThrow(/^w must be/);
    expect(() => logits(1, 1, Infinity)).toThrow(/^b must be/);
    expect(() => logitGap(-Infinity, 1)).toThrow(/^e must be/);
    expect(() => optimalLogits(NaN, 0.2, 0.3)).toThrow(/^c must be/);
    expect(() => energy(1, 0)).toThrow(/^w must be nonzero/);
    expect(() => energy(NaN, 1)).toThrow(/^e must be/);
    expect(() => energyRate(1, 0, 0.2, 0.3)).toThrow(/^w must be nonzero/);
    expect(() => gammaStarE(1, 0.3, 0.7)).toThrow(/p \+ q must differ from 1/);
    expect(() => classifyOnAxis(1, 0.5, 0.5)).toThrow(/p \+ q must differ from 1/);
    expect(() => criticalKind(0, 1, 0.5, 0.5)).toThrow(/p \+ q must differ from 1/);
    expect(() => criticalKind(0, 1, 0.2, 0.3, { eigTol: -1 })).toThrow(/^eigTol must be/);
    expect(() => gammaStarPoints(0.2, 0.3, 1, -1, 10)).toThrow(/wMax must be >= wMin/);
    // Loss and b* remain defined for i.i.d. data (p + q = 1): they must not throw.
    expect(Number.isFinite(canonicalLoss(1, 1, 0.4, 0.6))).toBe(true);
  });
});

describe("criticalSweep: Theorem 1's 'exactly these' on a grid", () => {
  it("flags no node away from {e = 0} ∪ Γ*, and flags nodes next to Γ* when Γ* is left out", () => {
    for (const [p, q] of [[0.1, 0.1], [0.9, 0.9]] as [number, number][]) {
      const rows: number[] = [];
      const s = criticalSweep(p, q, { n: 61, onRow: (d) => rows.push(d) });
      expect(rows.length).toBe(61);
      expect(s.h).toBeCloseTo(0.1, 12);
      expect(s.certified).toBeGreaterThan(500);
      expect(s.suspicious).toBe(0);
      expect(s.suspiciousWithoutGamma).toBeGreaterThan(0);
      expect(s.certifiedWithoutGamma).toBeGreaterThan(s.certified);
      // the smallest gradient can only grow as the distance grows
      for (let k = 1; k < s.minGrad.length; k++) expect(s.minGrad[k]).toBeGreaterThanOrEqual(s.minGrad[k - 1]);
      expect(s.minGrad[0]).toBeGreaterThan(0);
    }
  });
  it("refuses a grid too small", () => {
    expect(() => criticalSweep(0.1, 0.1, { n: 2 })).toThrow(/n must be/);
  });
});
