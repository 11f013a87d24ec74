import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import { entropyRate, unigramLoss } from "../src/markov";
import {
  E_SAD,
  W_SAD,
  basinOf,
  canonicalLoss,
  energy,
  gammaStarE,
  inCommonRegion,
  limitOnAxis,
  separatrixE,
  type Basin,
} from "../src/canonical";
import { PAPER_PQ, printMetrics, recordMetric, rk4Flow } from "./support/flow";

const PQ = PAPER_PQ;

afterAll(() => printMetrics("basins"));

/** Integrates the flow (RK4, dt 0.02, until ‖∇L‖ < 1e-8 or T = 2000) and labels the limit by its loss. */
function simulatedBasin(e0: number, w0: number, p: number, q: number): { basin: Basin | "none"; e: number; w: number } {
  const end = rk4Flow(e0, w0, p, q, 0.02, 2000, 1e-8);
  const L = canonicalLoss(end.e, end.w, p, q);
  const basin = Math.abs(L - entropyRate(p, q)) < 1e-3 ? "global" : Math.abs(L - unigramLoss(p, q)) < 1e-3 ? "local" : "none";
  return { basin, e: end.e, w: end.w };
}

describe("Theorem 2 basins (§5) against integrated flows", () => {
  it("§6 checked points: (0.5,−1), (1,−0.5), (2,−2) reach Γ* for all four (p,q); (0.3,−1), (0.5,−2) fail for p+q<1", () => {
    for (const [p, q] of PQ) {
      for (const [e, w] of [
        [0.5, -1],
        [1, -0.5],
        [2, -2],
      ]) {
        expect(basinOf(e, w, p, q)).toBe("global");
        expect(simulatedBasin(e, w, p, q).basin).toBe("global");
        expect(inCommonRegion(e, w)).toBe(true);
      }
      for (const [e, w] of [
        [0.3, -1],
        [0.5, -2],
      ]) {
        const expected = p + q < 1 ? "local" : "global";
        expect(basinOf(e, w, p, q)).toBe(expected);
        expect(simulatedBasin(e, w, p, q).basin).toBe(expected);
        expect(inCommonRegion(e, w)).toBe(false);
      }
    }
  });

  it("200 seeded random starts in [−3, 3]² per (p, q): basinOf agrees with the integrated limit", () => {
    const summary: string[] = [];
    let totalDisagree = 0;
    let worstLimit = 0;
    let worstLimitW = 0;
    for (const [p, q] of PQ) {
      const rng = createRng(2024);
      let agree = 0;
      let skipped = 0;
      const counts = { global: 0, local: 0 };
      for (let i = 0; i < 200; i++) {
        const e0 = -3 + 6 * rng.uniform();
        const w0 = -3 + 6 * rng.uniform();
        if (w0 === 0 || Math.abs(energy(e0, w0) - E_SAD) < 1e-3) {
          skipped++; // next to the separatrix the flow is too slow to settle within T
          continue;
        }
        const predicted = basinOf(e0, w0, p, q);
        const sim = simulatedBasin(e0, w0, p, q);
        if (sim.basin === predicted) agree++;
        else totalDisagree++;
        if (predicted === "global" || predicted === "local") counts[predicted]++;
        // I_min limits sit where the start's energy level meets e = 0 on its branch (§5, Limits).
        // Coarse check of the I_min limit (§5, Limits); at dt = 0.02 the RK4 energy drift reaches ~1e-3 on the
        // stiffest starts, so the tight check is the dt = 0.005 test below.
        if (predicted === "local") {
          const wl = limitOnAxis(e0, w0) as number;
          const dE = Math.abs(energy(0, sim.w) - energy(0, wl));
          worstLimit = Math.max(worstLimit, dE);
          worstLimitW = Math.max(worstLimitW, Math.abs(sim.w - wl));
          expect(dE).toBeLessThan(2e-3);
        }
      }
      summary.push(`(${p},${q}): ${agree}/${200 - skipped} agree, ${skipped} skipped, ${counts.global} global / ${counts.local} local`);
    }
    recordMetric("random starts", summary.join("; "));
    recordMetric("I_min limit vs limitOnAxis (dt 0.02): max |ΔE| on axis", worstLimit);
    recordMetric("I_min limit vs limitOnAxis (dt 0.02): max |Δw|", worstLimitW);
    expect(totalDisagree).toBe(0);
  });

  it("I_min trajectories (RK4 dt 0.005) stop at limitOnAxis(e0, w0)", () => {
    let worstE = 0;
    let worstW = 0;
    let n = 0;
    for (const [p, q] of PQ) {
      const rng = createRng(4242);
      let found = 0;
      for (let tries = 0; tries < 400 && found < 15; tries++) {
        const e0 = -3 + 6 * rng.uniform();
        const w0 = -3 + 6 * rng.uniform();
        if (Math.abs(energy(e0, w0) - E_SAD) < 1e-2 || basinOf(e0, w0, p, q) !== "local") continue;
        const end = rk4Flow(e0, w0, p, q, 0.005, 400, 1e-9);
        const wl = limitOnAxis(e0, w0) as number;
        worstE = Math.max(worstE, Math.abs(energy(0, end.w) - energy(0, wl)));
        worstW = Math.max(worstW, Math.abs(end.w - wl));
        expect(Math.abs(end.e)).toBeLessThan(1e-6);
        n++;
        found++;
      }
    }
    recordMetric("I_min limit vs limitOnAxis (dt 0.005): starts", n);
    recordMetric("I_min limit vs limitOnAxis (dt 0.005): max |ΔE| on axis", worstE);
    recordMetric("I_min limit vs limitOnAxis (dt 0.005): max |Δw|", worstW);
    expect(n).toBe(60);
    expect(worstE).toBeLessThan(1e-5);
    expect(worstW).toBeLessThan(1e-3);
  });

  it("starts on either side of the separatrix go to different limits (p+q>1 and p+q<1)", () => {
    const cases: Array<[number, number, number]> = [
      [0.9, 0.9, -0.4],
      [0.5, 0.8, -0.3],
      [0.1, 0.1, -1.5],
      [0.2, 0.3, -2],
    ];
    for (const [p, q, w] of cases) {
      const es = separatrixE(w, p, q) as number;
      expect(es).toBeGreaterThan(0);
      expect(Math.abs(energy(es, w) - E_SAD)).toBeLessThan(1e-12);
      expect(basinOf(es, w, p, q)).toBe("separatrix");
      expect(basinOf(es * 1.05, w, p, q)).toBe("global");
      expect(basinOf(es * 0.95, w, p, q)).toBe("local");
      expect(simulatedBasin(es * 1.05, w, p, q).basin).toBe("global");
      expect(simulatedBasin(es * 0.95, w, p, q).basin).toBe("local");
      // A separatrix start heads to the saddle: after a long time it is near (0, −1/√2) with loss ≈ H_uni.
      const end = rk4Flow(es, w, p, q, 0.02, 200);
      expect(Math.abs(end.w - W_SAD) + Math.abs(end.e)).toBeLessThan(0.05);
    }
  });

  it("separatrixE: branch ranges per side of p + q = 1, and the full level curve without (p, q)", () => {
    expect(separatrixE(-0.5, 0.9, 0.9)).not.toBeNull();
    expect(separatrixE(-2, 0.9, 0.9)).toBeNull();
    expect(separatrixE(-2, 0.1, 0.1)).not.toBeNull();
    expect(separatrixE(-0.5, 0.1, 0.1)).toBeNull();
    expect(separatrixE(0.5)).toBeNull();
    expect(separatrixE(W_SAD)).toBe(0);
    // e ≈ |w| as w → −∞ (p+q<1 branch).
    expect(Math.abs((separatrixE(-1000, 0.1, 0.1) as number) / 1000 - 1)).toBeLessThan(1e-5);
    expect(() => separatrixE(-1, 0.1)).toThrow(/p and q must be given together/);
  });

  it("e = 0 and w = 0 conventions", () => {
    for (const [p, q] of PQ) {
      for (const w of [-2, -0.5, 0, 1]) expect(basinOf(0, w, p, q)).toBe("local");
      expect(basinOf(0, W_SAD, p, q)).toBe("separatrix");
      expect(basinOf(1, 0, p, q)).toBe(p + q > 1 ? "local" : "global");
      // The w = 0 convention matches the flow, which stays on w = 0.
      expect(simulatedBasin(1, 0, p, q).basin).toBe(p + q > 1 ? "local" : "global");
      // Near-separatrix starts inside the tolerance band count as separatrix; tol = 0 gives the exact rule.
      const w = p + q > 1 ? -0.4 : -1.5;
      const es = separatrixE(w, p, q) as number;
      expect(basinOf(es + 1e-6, w, p, q, 1e-4)).toBe("separatrix");
      expect(basinOf(es + 1e-6, w, p, q, 0)).toBe("global");
    }
  });

  it("small Gaussian init near the origin: unigram a.s. for p+q>1, bigram for p+q<1 (§5)", () => {
    const rng = createRng(77);
    for (let i = 0; i < 500; i++) {
      const e = 0.01 * rng.normal();
      const w = 0.01 * rng.normal();
      expect(basinOf(e, w, 0.9, 0.9)).toBe("local");
      expect(basinOf(e, w, 0.5, 0.8)).toBe("local");
      expect(basinOf(e, w, 0.1, 0.1)).toBe("global");
      expect(basinOf(e, w, 0.2, 0.3)).toBe("global");
    }
  });
});

describe("limits and the common region", () => {
  it("limitOnAxis solves w∞² + sign(w∞)ln|w∞| = −E0 on the starting branch", () => {
    const rng = createRng(88);
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      const e0 = -3 + 6 * rng.uniform();
      const w0 = -3 + 6 * rng.uniform();
      const E0 = energy(e0, w0);
      const wl = limitOnAxis(e0, w0);
      if (w0 < 0 && E0 > E_SAD) {
        expect(wl).toBeNull();
        continue;
      }
      const w = wl as number;
      worst = Math.max(worst, Math.abs(w * w + Math.sign(w) * Math.log(Math.abs(w)) + E0) / Math.max(1, Math.abs(E0)));
      if (w0 > 0) expect(w > 0 && w <= w0).toBe(true);
      else if (w0 < W_SAD) expect(w >= w0 && w <= W_SAD).toBe(true);
      else expect(w >= W_SAD && w <= w0).toBe(true);
    }
    recordMetric("limitOnAxis max relative residual", worst);
    expect(worst).toBeLessThan(1e-12);
    expect(limitOnAxis(0.3, -1)).toBeCloseTo(-0.892071, 5);
    expect(limitOnAxis(0, 1.7)).toBe(1.7);
    expect(limitOnAxis(2, 0)).toBe(0);
    // Very small w0 > 0: root far below w0 but still found.
    const tiny = limitOnAxis(3, 1e-3) as number;
    expect(tiny).toBeGreaterThan(0);
    expect(Math.abs(Math.log(tiny) + tiny * tiny + energy(3, 1e-3))).toBeLessThan(1e-12);
  });

  it("I_common = I_*(p+q<1) ∩ I_*(p+q>1) = {w < 0, E > E_sad} (§6)", () => {
    const rng = createRng(99);
    for (let i = 0; i < 2000; i++) {
      const e = -3 + 6 * rng.uniform();
      const w = -3 + 6 * rng.uniform();
      const both = basinOf(e, w, 0.1, 0.1) === "global" && basinOf(e, w, 0.9, 0.9) === "global";
      expect(inCommonRegion(e, w)).toBe(both);
    }
    expect(inCommonRegion(1, 0)).toBe(false);
    // The authors' inits (§6): June (0.5, −1) inside; unit-vector (1.41, −8) outside; Aug (0.5, −2) outside.
    expect(inCommonRegion(0.5, -1)).toBe(true);
    expect(inCommonRegion(1.41, -8)).toBe(false);
    expect(basinOf(1.41, -8, 0.5, 0.8)).toBe("global");
    expect(inCommonRegion(0.5, -2)).toBe(false);
  });

  it("Γ* meets the level set: an I_* trajectory ends on Γ* with the start's energy", () => {
    for (const [p, q] of PQ) {
      const end = rk4Flow(0.5, -1, p, q, 0.02, 2000, 1e-10);
      expect(Math.abs(Math.abs(end.e) - (gammaStarE(end.w, p, q) as number))).toBeLessThan(1e-6);
      expect(Math.abs(energy(end.e, end.w) - energy(0.5, -1))).toBeLessThan(1e-6);
    }
  });
});

describe("bad input (basins)", () => {
  it("names the argument", () => {
    expect(() => basinOf(1, -1, 0.3, 0.7)).toThrow(/p \+ q must differ from 1/);
    expect(() => basinOf(NaN, -1, 0.2, 0.3)).toThrow(/^e must be a finite number/);
    expect(() => basinOf(1, Infinity, 0.2, 0.3)).toThrow(/^w must be a finite number/);
    expect(() => basinOf(1, -1, 0, 0.3)).toThrow(/^p must be in \(0, 1\)/);
    expect(() => basinOf(1, -1, 0.2, 0.3, -1)).toThrow(/^tol must be/);
    expect(() => limitOnAxis(NaN, 1)).toThrow(/^e0 must be/);
    expect(() => inCommonRegion(1, NaN)).toThrow(/^w must be/);
    expect(() => separatrixE(-1, 0.5, 0.5)).toThrow(/p \+ q must differ from 1/);
  });
});
