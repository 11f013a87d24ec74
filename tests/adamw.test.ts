/** AdamW at the edges of float64, and training errors whose advice matches the cause (issue #20 item 4). */
import { describe, expect, it } from "vitest";
import { classifierConfig, initClassifier } from "../src/kernels/classifier";
import { kernelGradientDescent } from "../src/kernels/descent";
import { fitClassifier } from "../src/kernels/fit";
import { icrSample, meanFieldFlow, meanFieldModel, meanFieldShape, uniformBallLaw } from "../src/meanfield/index";
import { energyFraction } from "../src/model/rank";
import { sentimentLike } from "../src/kernels/tasks";
import { PARAM_NAMES, paramSizes } from "../src/model/params";
import { createRng } from "../src/runtime/rng";
import { adamwStep, createAdamW } from "../src/training/adamw";
import { createEvaluator } from "../src/training/evaluator";
import { FIG4, train } from "../src/training/train";

const blocks = [{ name: "w", size: 2 }, { name: "pos", size: 4 }];
const fresh = () => createAdamW(6, { beta1: 0.9, beta2: 0.95, weightDecay: 0, decayMask: new Uint8Array(6), blocks });

describe("AdamW", () => {
  it("refuses a non-finite gradient at the door, naming block and index, and changes nothing", () => {
    const s = fresh(), θ = Float64Array.of(1, 2, 3, 4, 5, 6);
    adamwStep(s, θ, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1e-3);
    const [θ1, m1, v1, t1] = [θ.slice(), s.m.slice(), s.v.slice(), s.t];
    // Before: accepted; θ[5] and its moments stayed NaN for good.
    expect(() => adamwStep(s, θ, [0.1, 0.1, 0.1, 0.1, 0.1, NaN], 1e-3)).toThrow(/entry 5 \(block pos, index 3\): NaN/);
    expect(() => adamwStep(s, θ, [Infinity, 0, 0, 0, 0, 0], 1e-3)).toThrow(/entry 0 \(block w, index 0\): Infinity/);
    expect(Array.from(θ)).toEqual(Array.from(θ1));
    expect(Array.from(s.m)).toEqual(Array.from(m1));
    expect(Array.from(s.v)).toEqual(Array.from(v1));
    expect(s.t).toBe(t1);
  });

  it("gives Adam's bounded step (≈ lr) for gradients whose square overflows (was no step at all)", () => {
    const s = fresh(), θ = new Float64Array(6);
    adamwStep(s, θ, [1e200, -1e200, 1.7e308, -1.7e308, 1, 0], 1e-3);
    for (let i = 0; i < 5; i++) expect(Math.abs(Math.abs(θ[i]) - 1e-3), `θ[${i}] = ${θ[i]}`).toBeLessThan(1e-3 * 1e-6);
    expect(Math.sign(θ[0])).toBe(-1);
    expect(Math.sign(θ[1])).toBe(1);
    expect(θ[5]).toBe(0);
    // Later ordinary gradients keep finite, bounded steps on the same entries.
    for (let k = 0; k < 5; k++) adamwStep(s, θ, [1, 1, 1, 1, 1, 1], 1e-3);
    for (let i = 0; i < 6; i++) {
      expect(Number.isFinite(θ[i])).toBe(true);
      expect(Math.abs(θ[i])).toBeLessThan(6e-3);
    }
  });

  it("is the textbook update for ordinary gradients (bit for bit)", () => {
    const s = fresh(), θ = Float64Array.of(1, -1, 0.5, 0, 2, 3), g = [0.3, -0.2, 1e-3, 5, -7, 0.01];
    adamwStep(s, θ, g, 1e-2);
    const c1 = 1 - 0.9, c2 = 1 - 0.95;
    g.forEach((gi, i) => {
      const m = (1 - 0.9) * gi, v = (1 - 0.95) * gi * gi;
      expect(θ[i]).toBe([1, -1, 0.5, 0, 2, 3][i] - (1e-2 * (m / c1)) / (Math.sqrt(v / c2) + 1e-8));
    });
  });
});

describe("training errors name the cause", () => {
  it("train(): a NaN gradient entry is refused naming the model's block (was 'diverged' a step later)", async () => {
    const c = { ...FIG4, N: 8, B: 2, steps: 3, init: "standard" as const, seed: 3 };
    const sizes = paramSizes({ d: c.d, N: c.N });
    const wq = PARAM_NAMES.slice(0, PARAM_NAMES.indexOf("WQ")).reduce((n, k) => n + sizes[k], 0);
    const real = createEvaluator({ d: c.d, N: c.N }, c.B, { threads: 1 });
    let calls = 0;
    const faulty = {
      ...real,
      params: real.params,
      loss: (bits: Uint8Array) => real.loss(bits),
      async gradient(bits: Uint8Array) {
        const r = await real.gradient(bits);
        if (++calls === 2) r.grad[wq + 5] = NaN;
        return r;
      },
    };
    try {
      await expect(train(c, { evaluator: faulty })).rejects.toThrow(/block WQ, index 5\): NaN/);
    } finally {
      real.close();
    }
  });

  it("fitClassifier: a NaN parameter is named, not blamed on lr; a too large SGD step still says lower lr", () => {
    const rng = createRng(8);
    const data = sentimentLike(32, rng.fork("tr"), { length: 8 }), test = sentimentLike(16, rng.fork("te"), { length: 8 });
    const cfg = classifierConfig({ vocab: 19, n: 8, D: 8, H: 2, hidden: 8, classes: 2, kernel: "softmax" });
    const θ0 = initClassifier(cfg, rng.fork("init"));
    const bad = θ0.slice();
    bad[3] = NaN;
    const run = (θ: Float64Array, lr: number, optimizer: "adam" | "sgd") => () => fitClassifier(cfg, θ, data, test, { optimizer, lr, epochs: 50, batch: 16 }, createRng(1));
    expect(run(bad, 1e-3, "adam")).toThrow(/block E, index 3\) is NaN/);
    expect(run(bad, 1e-3, "adam")).not.toThrow(/lower lr/);
    expect(run(θ0, 1e6, "sgd")).toThrow(/lower lr/);
  });
});

describe("the other optimisers say what went wrong too (audit of item 4)", () => {
  it("kernelGradientDescent names a NaN gradient entry at a finite loss (was 'diverged … lower the step' a step later)", () => {
    const f = (θ: Float64Array, g: Float64Array) => {
      g[0] = 2 * θ[0];
      g[1] = θ[0] < 0.5 ? NaN : 2 * θ[1];
      return θ[0] * θ[0] + θ[1] * θ[1];
    };
    expect(() => kernelGradientDescent(f, [1, 1], { steps: 10, step: 0.4 })).toThrow(/gradient is not finite at entry 1: NaN.*finite loss.*not a step-size problem/);
  });

  it("meanFieldFlow names the particle whose velocity is not finite (was 60 halvings, 'parameters diverging?')", () => {
    const rng = createRng(3);
    const sample = icrSample(rng.fork("d"), { n: 4, d: 2, N: 3 });
    const shape = meanFieldShape({ D: 5, k: 3, L: 2, M: 2 });
    const θ = new Float64Array(uniformBallLaw(rng.fork("i"), shape, 5).length).fill(1e120);
    expect(() => meanFieldFlow(meanFieldModel(shape, sample), θ, { lambda: 0, eta: 0.1, tau: 1 })).toThrow(/velocity is NaN at entry 0 \(layer 0, particle 0, coordinate 0\)/);
  });

  it("energyFraction refuses a matrix whose energy overflows (was NaN)", () => {
    expect(() => energyFraction([1e200, 0, 0, 1e200], 2, 2)).toThrow(/overflows float64/);
  });
});
