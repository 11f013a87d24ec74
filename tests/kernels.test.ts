import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import { attentionScores, attentionScoresBackward, gaussianTau } from "../src/kernels/kernel";
import {
  KernelRegression, RegressionData, gaussianInputs, gaussianTargets, initRegressionParams, kernelRegression, regressionBlocks,
  regressionForward, regressionLayout, regressionLoss, regressionLossAndGradient, trainableMask, withKernel,
} from "../src/kernels/regression";
import { bMatrix, lambdaB, softmaxHullFloor, wVOnlyRate } from "../src/kernels/bmatrix";
import { kernelGradientDescent, measuredContraction } from "../src/kernels/descent";
import { difference, filterNormalizedDirection, landscapeRoughness, lossSlice } from "../src/kernels/landscape";

const rng = createRng(13);

function setup(kernel: "softmax" | "gaussian", spec: Partial<{ N: number; n: number; D: number; H: number; d: number }> = {}, label = "a") {
  const r = rng.fork(`${kernel}-${label}-${JSON.stringify(spec)}`);
  const model = kernelRegression({ N: 3, n: 4, D: 5, H: 2, d: 3, kernel, tau: gaussianTau(3), ...spec }, r.fork("wO"));
  const θ = initRegressionParams(model, r.fork("θ"), { Q: 2, K: 2 });
  const data: RegressionData = { X: gaussianInputs(model, r.fork("X")), y: gaussianTargets(model, r.fork("y")) };
  return { model, θ, data };
}

function fdWorst(f: (θ: Float64Array) => number, θ: Float64Array, grad: Float64Array, h = 1e-6): number {
  let worst = 0, scale = 1e-3;
  for (let j = 0; j < θ.length; j++) {
    const o = θ[j];
    θ[j] = o + h;
    const fp = f(θ);
    θ[j] = o - h;
    const fm = f(θ);
    θ[j] = o;
    const fd = (fp - fm) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - grad[j]));
    scale = Math.max(scale, Math.abs(fd));
  }
  return worst / scale;
}

describe("the two kernels", () => {
  it("softmax rows sum to 1; Gaussian entries lie in (0, 1] and equal 1 where q = k", () => {
    const n = 3, d = 2, Q = Float64Array.of(1, 2, -1, 0, 30, 40), K = Float64Array.of(1, 2, 0, 1, -2, 3), A = new Float64Array(9);
    attentionScores("softmax", Q, K, n, d, 1, A);
    for (let k = 0; k < n; k++) expect(A[3 * k] + A[3 * k + 1] + A[3 * k + 2]).toBeCloseTo(1, 14);
    expect(A.every(Number.isFinite)).toBe(true);
    attentionScores("gaussian", Q, K, n, d, 2, A);
    expect(A[0]).toBe(1);
    expect(A.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it.each(["softmax", "gaussian"] as const)("%s backward matches central finite differences", (kernel) => {
    const n = 4, d = 3, Q = new Float64Array(n * d), K = new Float64Array(n * d), W = new Float64Array(n * n);
    for (const a of [Q, K, W]) for (let j = 0; j < a.length; j++) a[j] = rng.normal();
    const A = new Float64Array(n * n);
    const f = (q: Float64Array, k: Float64Array) => {
      attentionScores(kernel, q, k, n, d, 1.7, A);
      return A.reduce((s, v, j) => s + v * W[j], 0);
    };
    f(Q, K);
    const dQ = new Float64Array(n * d), dK = new Float64Array(n * d);
    attentionScoresBackward(kernel, Q, K, A.slice(), W, n, d, 1.7, dQ, dK);
    expect(fdWorst((q) => f(q, K), Q, dQ)).toBeLessThan(1e-7);
    expect(fdWorst((k) => f(Q, k), K, dK)).toBeLessThan(1e-7);
  });

  it("τ must be positive and the kernel named", () => {
    expect(() => kernelRegression({ N: 1, n: 1, D: 1, H: 1, d: 1, kernel: "gaussian", tau: 0 }, rng)).toThrow(/tau/);
    expect(() => kernelRegression({ N: 1, n: 1, D: 1, H: 1, d: 1, kernel: "linear" as never, tau: 1 }, rng)).toThrow(/kernel/);
    expect(() => kernelRegression({ N: 0, n: 1, D: 1, H: 1, d: 1, kernel: "softmax", tau: 1 }, rng)).toThrow(/N must/);
    expect(() => gaussianTau(0)).toThrow(/d must/);
  });
});

describe("the regression model", () => {
  it.each(["softmax", "gaussian"] as const)("%s: ∂f/∂W_Q, ∂f/∂W_K, ∂f/∂W_V match central finite differences", (kernel) => {
    const { model, θ, data } = setup(kernel);
    const { grad } = regressionLossAndGradient(model, θ, data);
    expect(fdWorst((t) => regressionLoss(model, t, data), θ, grad)).toBeLessThan(1e-6);
  });

  it("bad shapes and masks are errors naming the argument", () => {
    const { model, θ, data } = setup("softmax");
    expect(() => regressionLoss(model, θ.subarray(1), data)).toThrow(/θ must/);
    expect(() => regressionLoss(model, θ, { X: data.X.subarray(1), y: data.y })).toThrow(/data\.X/);
    expect(() => regressionLoss(model, θ, { X: data.X, y: data.y.subarray(1) })).toThrow(/data\.y/);
    expect(() => trainableMask(model, [])).toThrow(/trained/);
    expect(() => trainableMask(model, ["W" as never])).toThrow(/trained/);
    expect(() => kernelRegression(model, null, [1])).toThrow(/wO/);
  });

  it("the mask covers exactly the chosen groups", () => {
    const { model } = setup("softmax");
    const m = trainableMask(model, ["Q", "V"]), { offset, size } = regressionLayout(model);
    expect(m.reduce((s, v) => s + v, 0)).toBe((2 * size) / 3);
    expect(m[offset.K]).toBe(0);
    expect(m[offset.V]).toBe(1);
  });
});

describe("B and the W_V-only rate", () => {
  it("out = B u with u_h = W_h^V w_h^O", () => {
    const { model, θ, data } = setup("gaussian");
    const B = bMatrix(model, θ, data), { out } = regressionForward(model, θ, data);
    const { block, offset } = regressionLayout(model);
    const u: number[] = [];
    for (let h = 0; h < model.H; h++) for (let a = 0; a < model.D; a++) {
      let s = 0;
      for (let c = 0; c < model.d; c++) s += θ[offset.V + h * block + a * model.d + c] * model.wO[h * model.d + c];
      u.push(s);
    }
    const Bu = B.mmul(Matrix.columnVector(u)).to1DArray();
    Bu.forEach((v, j) => expect(v).toBeCloseTo(out[j], 10));
  });

  it.each(["softmax", "gaussian"] as const)("%s: W_V-only GD contracts at least as fast as predicted when HD ≥ Nn", (kernel) => {
    const { model, θ, data } = setup(kernel, { N: 2, n: 3, D: 12, H: 2, d: 3 }, "rate");
    const rate = wVOnlyRate(model, θ, data);
    expect(rate.lambdaB).toBeGreaterThan(0);
    const run = kernelGradientDescent((t, g) => regressionLossAndGradient(model, t, data, g).loss, θ, { mask: trainableMask(model, ["V"]), steps: 300, step: rate.eta });
    for (let t = 1; t < run.loss.length; t++) expect(run.loss[t]).toBeLessThanOrEqual(run.loss[t - 1] * rate.predictedContraction * (1 + 1e-9) + 1e-28);
    expect(measuredContraction(run.loss).contraction).toBeLessThanOrEqual(rate.predictedContraction);
  });

  it("W_V-only GD reaches the least-squares floor when HD < Nn", () => {
    const { model, θ, data } = setup("softmax", { N: 3, n: 3, D: 3, H: 2, d: 2 }, "floor");
    const rate = wVOnlyRate(model, θ, data);
    expect(rate.rank).toBe(6);
    expect(rate.floor).toBeGreaterThan(1e-3);
    const run = kernelGradientDescent((t, g) => regressionLossAndGradient(model, t, data, g).loss, θ, { mask: trainableMask(model, ["V"]), steps: 20000, step: rate.eta });
    expect(run.loss[run.loss.length - 1]).toBeCloseTo(rate.floor, 6);
    expect(lambdaB(bMatrix(model, θ, data))).toBeLessThan(1e-10);
  });

  it("the softmax hull floor bounds every softmax loss from below", () => {
    const { model, θ, data } = setup("softmax", {}, "hull");
    const y = data.y.map((v) => 5 * v);
    const floor = softmaxHullFloor(model, θ, { X: data.X, y });
    expect(floor).toBeGreaterThan(0);
    for (let k = 0; k < 5; k++) {
      const t = initRegressionParams(model, rng.fork(`hull-${k}`), { Q: 10 });
      t.set(θ.subarray(regressionLayout(model).offset.K), regressionLayout(model).offset.K);
      expect(regressionLoss(model, t, { X: data.X, y })).toBeGreaterThanOrEqual(floor);
    }
  });
});

describe("descent", () => {
  it("Armijo descent never increases the loss and stops early below stopBelow", () => {
    const { model, θ, data } = setup("gaussian", { D: 16 }, "armijo");
    const run = kernelGradientDescent((t, g) => regressionLossAndGradient(model, t, data, g).loss, θ, { mask: trainableMask(model, ["Q"]), steps: 200, step: "armijo" });
    for (let t = 1; t < run.loss.length; t++) expect(run.loss[t]).toBeLessThanOrEqual(run.loss[t - 1]);
    const early = kernelGradientDescent((t, g) => regressionLossAndGradient(model, t, data, g).loss, θ, { steps: 200, step: "armijo", stopBelow: run.loss[10] });
    expect(early.loss.length).toBeLessThan(201);
    expect(() => kernelGradientDescent(() => 0, θ, { steps: 1, step: -1 })).toThrow(/step/);
    expect(() => kernelGradientDescent(() => NaN, θ, { steps: 2, step: 0.1 })).toThrow(/diverged/);
  });
});

describe("landscapes", () => {
  it("slices pass through θ₀ and θ₀ + d₁, and filter-normalised directions have the filters' norms", () => {
    const { model, θ, data } = setup("softmax", {}, "land");
    const other = withKernel(model, "gaussian");
    const θ2 = θ.map((v) => v * 1.1);
    const d2 = filterNormalizedDirection(θ, regressionBlocks(model), rng.fork("d2"));
    const col = (v: ArrayLike<number>) => Math.hypot(...Array.from({ length: model.D }, (_, a) => v[a * model.d]));
    expect(col(d2)).toBeCloseTo(col(θ), 12);
    const s = lossSlice((t) => regressionLoss(other, t, data), θ, difference(θ2, θ), d2, { points: 5 });
    expect(s.z[2][2]).toBeCloseTo(regressionLoss(other, θ, data), 12);
    expect(s.z[2][4]).toBeCloseTo(regressionLoss(other, θ2, data), 12);
    expect(() => lossSlice(() => 1, θ, θ.subarray(1), d2)).toThrow(/d1/);
    expect(() => filterNormalizedDirection(θ, [], rng)).toThrow(/blocks/);
  });

  it("roughness counts the minima of a two-well surface", () => {
    const g = Array.from({ length: 21 }, (_, i) => -1 + i / 10);
    const z = g.map((b) => g.map((a) => 1 + (a * a - 0.25) ** 2 + b * b));
    expect(landscapeRoughness(z).localMinima).toBe(2);
    const bowl = g.map((b) => g.map((a) => 1 + a * a + b * b));
    expect(landscapeRoughness(bowl).localMinima).toBe(1);
  });
});

import { classifierConfig, classifierEvaluate, classifierLayout, classifierLossAndGradient, initClassifier } from "../src/kernels/classifier";
import { gridConnected, pathfinderLike, sentimentLike } from "../src/kernels/tasks";
import { firstBelow, fitClassifier } from "../src/kernels/fit";

describe("the two-layer classifier", () => {
  it.each(["softmax", "gaussian"] as const)("%s: the hand backward matches central finite differences for every block", (kernel) => {
    const cfg = classifierConfig({ vocab: 5, n: 4, D: 6, H: 2, hidden: 5, classes: 2, kernel });
    const θ = initClassifier(cfg, rng.fork(`cls-${kernel}`), 0.5);
    const { blocks } = classifierLayout(cfg);
    for (const b of blocks) if (b.rows === 1) for (let j = 0; j < b.cols; j++) θ[b.offset + j] = rng.normal(0, 0.3);
    const tokens = Int32Array.from({ length: 3 * 4 }, () => Math.floor(rng.uniform() * 5)), labels = Uint8Array.of(0, 1, 1);
    const { grad } = classifierLossAndGradient(cfg, θ, tokens, labels);
    expect(fdWorst((t) => classifierLossAndGradient(cfg, t, tokens, labels).loss, θ, grad)).toBeLessThan(1e-6);
    expect(classifierEvaluate(cfg, θ, tokens, labels).loss).toBeCloseTo(classifierLossAndGradient(cfg, θ, tokens, labels).loss, 12);
  });

  it("bad configurations and batches are errors naming the argument", () => {
    expect(() => classifierConfig({ vocab: 3, n: 4, D: 5, H: 2, hidden: 4, classes: 2, kernel: "softmax" })).toThrow(/H must divide D/);
    expect(() => classifierConfig({ vocab: 3, n: 4, D: 4, H: 2, hidden: 4, classes: 2, kernel: "gaussian", tau: -1 })).toThrow(/tau/);
    const cfg = classifierConfig({ vocab: 3, n: 4, D: 4, H: 2, hidden: 4, classes: 2, kernel: "softmax" });
    const θ = initClassifier(cfg, rng);
    expect(() => classifierEvaluate(cfg, θ, new Int32Array(0), new Uint8Array(0))).toThrow(/labels is empty/);
    expect(() => classifierEvaluate(cfg, θ, new Int32Array(3), Uint8Array.of(0))).toThrow(/tokens must have/);
    expect(() => classifierEvaluate(cfg, θ, Int32Array.of(0, 1, 2, 7), Uint8Array.of(0))).toThrow(/tokens must be/);
    expect(() => classifierEvaluate(cfg, θ, new Int32Array(4), Uint8Array.of(2))).toThrow(/labels must be/);
  });
});

describe("the synthetic tasks", () => {
  it("pathfinder-like labels are connectivity, balanced", () => {
    const t = pathfinderLike(40, rng.fork("pf"), { size: 5 });
    expect(t.labels.reduce((s, v) => s + v, 0)).toBe(20);
    for (let i = 0; i < 40; i++) {
      const grid = t.tokens.subarray(i * 25, (i + 1) * 25);
      const ends = Array.from(grid).flatMap((v, c) => (v === 2 ? [c] : []));
      expect(ends.length).toBe(2);
      expect(gridConnected(grid, 5, ends[0], ends[1]) ? 1 : 0).toBe(t.labels[i]);
    }
    expect(gridConnected(Int32Array.of(2, 1, 2, 0, 0, 0, 0, 0, 0), 3, 0, 2)).toBe(true);
    expect(gridConnected(Int32Array.of(2, 0, 2, 0, 0, 0, 0, 0, 0), 3, 0, 2)).toBe(false);
    expect(() => pathfinderLike(3, rng)).toThrow(/count/);
  });

  it("sentiment-like labels follow the signed count with negation, balanced", () => {
    const t = sentimentLike(40, rng.fork("st"), { length: 12 });
    expect(t.labels.reduce((s, v) => s + v, 0)).toBe(20);
    for (let i = 0; i < 40; i++) {
      let score = 0;
      for (let k = 0; k < 12; k++) {
        const v = t.tokens[i * 12 + k], pol = v < 6 ? 1 : v < 12 ? -1 : 0;
        score += k > 0 && t.tokens[i * 12 + k - 1] === 18 ? -pol : pol;
      }
      expect(score > 0 ? 1 : 0).toBe(t.labels[i]);
    }
  });

  it("training lowers the test loss; the same fork gives the same run", () => {
    const train = sentimentLike(64, rng.fork("tr"), { length: 8 }), test = sentimentLike(32, rng.fork("te"), { length: 8 });
    const cfg = classifierConfig({ vocab: 19, n: 8, D: 8, H: 2, hidden: 8, classes: 2, kernel: "gaussian" });
    const θ0 = initClassifier(cfg, rng.fork("init"));
    const a = fitClassifier(cfg, θ0, train, test, { optimizer: "adam", lr: 1e-2, epochs: 4, batch: 16 }, createRng(5));
    const b = fitClassifier(cfg, θ0, train, test, { optimizer: "adam", lr: 1e-2, epochs: 4, batch: 16 }, createRng(5));
    expect(a.testLoss).toEqual(b.testLoss);
    expect(a.trainLoss[4]).toBeLessThan(a.trainLoss[0]);
    expect(firstBelow([3, 2, 1], 2)).toBe(1);
    expect(firstBelow([3, 2, 1], 0)).toBe(null);
    expect(() => fitClassifier(cfg, θ0, train, test, { optimizer: "rmsprop" as never, lr: 1, epochs: 1, batch: 1 }, rng)).toThrow(/optimizer/);
  });
});
