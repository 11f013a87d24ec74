import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import {
  gaussianRowPath, hessianNormEstimate, kernelRegression, largestExponent, logSpacedStep, outcomeCounts, regressionForward,
  regressionInstance, regressionLayout, regressionLoss, regressionLossAndGradient, runToCriterion, softmaxStallInstance,
  teacherInstance, trainableMask, worstRow, wqCriterionRun, wqHessianSpectrum,
} from "../src/kernels/index";

describe("runToCriterion", () => {
  const quad = (a: number[]) => (θ: Float64Array, g: Float64Array) => {
    let f = 0;
    a.forEach((ai, j) => {
      g[j] = ai * θ[j];
      f += 0.5 * ai * θ[j] ** 2;
    });
    return f;
  };

  it("measures the Lipschitz constant of a quadratic and reaches ε with the step 1.8/L", () => {
    const lg = quad([1, 4, 10]);
    expect(hessianNormEstimate(lg, Float64Array.of(1, 1, 1), new Uint8Array([1, 1, 1]), 50)).toBeCloseTo(10, 4);
    const run = runToCriterion(lg, [1, 1, 1], { eps: 1e-6, delta: 1e-12, maxSteps: 1000, step: { rule: "lipschitz", every: 50, safety: 1.8 } });
    expect(run.outcome).toBe("reached");
    expect(run.fT).toBeLessThanOrEqual(1e-6 * run.f0);
    expect(run.etas[0]).toBeCloseTo(0.18, 4);
    expect(run.at[run.at.length - 1]).toBe(run.steps);
  });

  it("calls a run stuck at a positive-loss stationary point and unresolved at the cap", () => {
    // f = ½(θ² − 1)² + 1: minimum f = 1 > 0 at θ = ±1.
    const lg = (θ: Float64Array, g: Float64Array) => {
      g[0] = 2 * (θ[0] ** 2 - 1) * θ[0];
      return 0.5 * (θ[0] ** 2 - 1) ** 2 + 1;
    };
    const stuck = runToCriterion(lg, [2], { eps: 1e-6, delta: 1e-8, maxSteps: 10000, step: { rule: "lipschitz", every: 20 } });
    expect(stuck.outcome).toBe("stuck");
    expect(stuck.fT).toBeCloseTo(1, 10);
    const capped = runToCriterion(quad([1e-6, 1]), [1, 1], { eps: 1e-9, delta: 1e-12, maxSteps: 30, step: { rule: "fixed", eta: 0.5 } });
    expect(capped.outcome).toBe("unresolved");
    expect(outcomeCounts([stuck, capped, stuck])).toEqual({ reached: 0, stuck: 2, unresolved: 1 });
  });

  it("undoes and halves a step that raises f", () => {
    const run = runToCriterion(quad([1]), [1], { eps: 1e-6, delta: 1e-12, maxSteps: 100, step: { rule: "fixed", eta: 3 } });
    expect(run.halvings).toBeGreaterThan(0);
    expect(run.outcome).toBe("reached");
    expect(() => runToCriterion(quad([1]), [1], { eps: 0, delta: 1, maxSteps: 1, step: { rule: "fixed", eta: 1 } })).toThrow(/eps/);
  });

  it("keeps every step below 100, then about 90 per decade", () => {
    expect(Array.from({ length: 1000 }, (_, t) => t).filter(logSpacedStep).length).toBe(100 + 90);
  });
});

describe("the realisable W_Q-only family", () => {
  it("gives each kernel targets it fits exactly at the teacher, the same X and start for both", () => {
    const inst = teacherInstance({ N: 2, n: 3, D: 6, H: 1, d: 2 }, createRng(3).fork("t"));
    for (const k of ["softmax", "gaussian"] as const) expect(regressionLoss(inst.models[k], inst.teacher, inst.dataBy[k])).toBeLessThan(1e-28);
    expect(inst.dataBy.softmax.X).toBe(inst.dataBy.gaussian.X);
    const runs = wqCriterionRun(inst, { eps: 1e-6, delta: 1e-8, maxSteps: 50, step: { rule: "lipschitz", every: 20 } });
    expect(runs.softmax.f0).toBeGreaterThan(0);
    expect(runs.gaussian.steps).toBeLessThanOrEqual(50);
  });
});

describe("what a stuck point is", () => {
  it("the W_Q Hessian matches the curvature of f along a direction, and the direct distances match the expanded ones", () => {
    const inst = regressionInstance({ N: 2, n: 3, D: 6, H: 1, d: 2, tauRule: "2sqrt", targetScale: 1 }, createRng(5).fork("h"));
    const m = inst.models.gaussian;
    const spec = wqHessianSpectrum(m, inst.theta0, inst.data);
    expect(spec.values.length).toBe(12);
    expect(spec.asymmetry).toBeLessThan(1e-5);
    // Rayleigh quotients lie between the extreme eigenvalues; the second difference along e₀ is one of them.
    const { offset } = regressionLayout(m);
    const h = 1e-4, t = Float64Array.from(inst.theta0), f = regressionLoss(m, t, inst.data);
    t[offset.Q] += h;
    const fp = regressionLoss(m, t, inst.data);
    t[offset.Q] -= 2 * h;
    const fm = regressionLoss(m, t, inst.data);
    const curv = (fp - 2 * f + fm) / (h * h);
    expect(curv).toBeGreaterThanOrEqual(spec.min - 1e-4);
    expect(curv).toBeLessThanOrEqual(spec.max + 1e-4);
    const md = kernelRegression({ ...m, direct: true }, null, m.wO);
    expect(regressionLoss(md, inst.theta0, inst.data)).toBeCloseTo(f, 12);
    expect(largestExponent(m, inst.theta0, inst.data)).toBeGreaterThan(0);
    const row = worstRow(m, inst.theta0, inst.data);
    const { out } = regressionForward(m, inst.theta0, inst.data);
    for (let j = 0; j < out.length; j++) expect(Math.abs(out[j] - inst.data.y[j])).toBeLessThanOrEqual(Math.abs(row.residual) + 1e-15);
    const path = gaussianRowPath(m, inst.theta0, inst.data, { sample: row.sample, token: row.token, head: 0, toKey: 0 }, 5);
    expect(path[0]).toBeCloseTo(row.output, 12);
  });

  it("the softmax construction stalls at ½·3·(1 − 0.9)² from its start and reaches 0 from the mirrored start", () => {
    const s = softmaxStallInstance();
    const m = s.models.softmax;
    const lg = (θ: Float64Array, g: Float64Array) => regressionLossAndGradient(m, θ, s.data, g).loss;
    const opts = { mask: trainableMask(m, ["Q"]), eps: 1e-6, delta: 1e-10, maxSteps: 20000, step: { rule: "lipschitz" as const, every: 200, safety: 1.8 } };
    const a = runToCriterion(lg, s.theta0, opts), b = runToCriterion(lg, s.mirrored, opts);
    expect(a.fT).toBeGreaterThanOrEqual(s.stallLoss);
    expect(a.fT).toBeCloseTo(s.stallLoss, 6);
    expect(a.gradNormT).toBeLessThan(1e-6 * a.gradNorm0);
    expect(b.outcome).toBe("reached");
    expect(() => softmaxStallInstance({ zFar: 1.5 })).toThrow(/zFar/);
  });
});
