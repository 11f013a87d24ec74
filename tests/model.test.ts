import { mkdtempSync, readdirSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalLossWithBias, logits as canonicalLogits } from "../src/canonical/index";
import { sampleBatch } from "../src/markov/sample";
import { rowSplit } from "../src/model/attention";
import { allocateScratch, batchLoss, batchLossAndGradient } from "../src/model/batch";
import { canonicalToFull, lowRankInit, paperInit, standardInit } from "../src/model/init";
import { PARAM_NAMES, createParams, paramSizes } from "../src/model/params";
import { energyFraction } from "../src/model/rank";
import { lossAtLogits } from "../src/canonical/loss";
import { createRng } from "../src/runtime/rng";
import { mean, std } from "../src/runtime/stats";
import { adamwStep, createAdamW, oneCycleLr } from "../src/training/adamw";
import { cached, cacheKey, readCached } from "../src/runtime/cache";
import { createEvaluator } from "../src/training/evaluator";
import { FIG4, train } from "../src/training/train";

const rng = createRng(11);

describe("the transformer's gradient", () => {
  // d = 8 takes the fused backward path, any other d the general one: test both.
  // The attention backward is a per-step all-zeros baseline plus per-sequence corrections at the
  // ones: the batch holds an all-zeros and an all-ones sequence as well as random ones.
  it.each([4, 8])("matches central finite differences for every parameter block (d = %i)", (d) => {
    const N = 12, B = 4;
    const θ = createParams({ d, N });
    for (let i = 0; i < θ.data.length; i++) θ.data[i] = rng.normal(0, 0.5);
    const bits = sampleBatch(0.3, 0.6, B, N + 1, rng);
    bits.fill(0, 0, N + 1);
    bits.fill(1, N + 1, 2 * (N + 1));
    const { grad } = batchLossAndGradient(θ, bits, B);
    const h = 1e-6, sizes = paramSizes({ d, N }), scratch = allocateScratch(d, N);
    let off = 0;
    for (const name of PARAM_NAMES) {
      let worst = 0, scale = 0;
      for (let j = off; j < off + sizes[name]; j++) {
        const o = θ.data[j];
        θ.data[j] = o + h;
        const lp = batchLoss(θ, bits, B, scratch);
        θ.data[j] = o - h;
        const lm = batchLoss(θ, bits, B, scratch);
        θ.data[j] = o;
        const fd = (lp - lm) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - grad.data[j]));
        scale = Math.max(scale, Math.abs(fd));
      }
      expect(worst / Math.max(scale, 1e-3), name).toBeLessThan(1e-6);
      off += sizes[name];
    }
  });

  it.each([2, 3])("is the same computed on %i threads as serially", async (threads) => {
    const d = 8, N = 64, B = 6;
    const ev = createEvaluator({ d, N }, B, { threads });
    try {
      ev.params.data.set(standardInit({ d, N }, rng).data);
      const bits = sampleBatch(0.5, 0.8, B, N + 1, rng);
      const ref = batchLossAndGradient(ev.params, bits, B);
      await ev.gradient(sampleBatch(0.5, 0.8, B, N + 1, rng)); // a step before: nothing may carry over
      const par = await ev.gradient(bits);
      expect(Math.abs(par.loss - ref.loss)).toBeLessThan(1e-14);
      let worst = 0;
      for (let i = 0; i < par.grad.length; i++) worst = Math.max(worst, Math.abs(par.grad[i] - ref.grad.data[i]));
      expect(worst).toBeLessThan(1e-13);
      expect(Math.abs((await ev.loss(bits)) - ref.loss)).toBeLessThan(1e-14);
    } finally {
      ev.close();
    }
  }, 30_000);

  it("reports diverged parameters as an error from every thread, and stays usable", async () => {
    const d = 8, N = 32, B = 4;
    const ev = createEvaluator({ d, N }, B, { threads: 2 });
    try {
      const bits = sampleBatch(0.5, 0.8, B, N + 1, rng);
      ev.params.data.fill(NaN);
      await expect(ev.gradient(bits)).rejects.toThrow(/diverged/);
      await new Promise((r) => setTimeout(r, 50)); // a late worker reply must not surface as an unhandled rejection
      ev.params.data.set(standardInit({ d, N }, rng).data);
      expect(Math.abs((await ev.gradient(bits)).loss - batchLossAndGradient(ev.params, bits, B).loss)).toBeLessThan(1e-14);
    } finally {
      ev.close();
    }
  }, 30_000);

  it("rejects a batch of the wrong shape", () => {
    const θ = createParams({ d: 2, N: 4 });
    expect(() => batchLoss(θ, new Uint8Array(9), 2)).toThrow(/needs 10 bits/);
  });
});

describe("rowSplit", () => {
  it("covers the rows in order with equal shares of the triangle", () => {
    for (const T of [1, 2, 3, 5]) {
      const N = 1000, cuts = Array.from({ length: T + 1 }, (_, t) => rowSplit(N, t, T));
      expect(cuts[0]).toBe(0);
      expect(cuts[T]).toBe(N);
      const areas = cuts.slice(1).map((to, t) => (to * (to + 1) - cuts[t] * (cuts[t] + 1)) / 2);
      for (const a of areas) expect(Math.abs(a / ((N * (N + 1)) / 2) - 1 / T)).toBeLessThan(0.002);
    }
  });
});

describe("the canonical model inside the full one (note §7(a))", () => {
  it("gives the canonical logits and loss to 1e-9 with attention switched off", () => {
    const d = 8, N = 6;
    for (const [e, w, b] of [[0.8, -1.3, 0.2], [1.5, 0.7, -0.4], [0.3, 2.0, 0.0], [2.0, -0.2, 1.1]]) {
      const θ = canonicalToFull({ d, N }, e, w, b);
      // one sequence 0,1,0,1,… gives both symbols at several positions
      const bits = Uint8Array.from({ length: N + 1 }, (_, i) => i % 2);
      const scratch = allocateScratch(d, N);
      batchLoss(θ, bits, 1, scratch);
      const { f0, f1 } = canonicalLogits(e, w, b);
      for (let n = 0; n < N; n++) expect(Math.abs(scratch.ws.logit[n] - (bits[n] ? f1 : f0))).toBeLessThan(1e-9);
      for (const [p, q] of [[0.5, 0.8], [0.2, 0.3]]) {
        const full = lossAtLogits(scratch.ws.logit[0], scratch.ws.logit[1], p, q);
        expect(Math.abs(full - canonicalLossWithBias(e, w, b, p, q))).toBeLessThan(1e-9);
      }
    }
  });
});

describe("initialisations", () => {
  const config = { d: 8, N: 256 };
  it("standard: N(0, 0.02²), W_O and W2 at 0.02/√2, b = 0", () => {
    const θ = standardInit(config, createRng(1));
    expect(std(θ.pos)).toBeGreaterThan(0.019);
    expect(std(θ.pos)).toBeLessThan(0.021);
    expect(std(θ.W2)).toBeGreaterThan(0.0125);
    expect(std(θ.W2)).toBeLessThan(0.0158);
    expect(θ.b[0]).toBe(0);
    expect(JSON.stringify(Array.from(standardInit(config, createRng(1)).data.slice(0, 20)))).toBe(JSON.stringify(Array.from(θ.data.slice(0, 20))));
  });
  it("June and August: the authors' constants", () => {
    const june = paperInit(config, "june", createRng(1)), aug = paperInit(config, "aug", createRng(1));
    expect([mean(june.e), mean(june.pos), mean(june.W1), mean(june.W2)]).toEqual([0.5, -0.25, 1, -1]);
    expect([mean(aug.W1), mean(aug.W2)]).toEqual([2, -2]);
    expect(std(june.WO)).toBeGreaterThan(0.017); // W_O not rescaled in that branch
  });
  it("lowrank: rank-one W1 and W2 = W1ᵀ", () => {
    const θ = lowRankInit(config, createRng(3));
    expect(energyFraction(θ.W1, 32, 8)).toBeCloseTo(1, 12);
    for (let r = 0; r < 32; r++) for (let c = 0; c < 8; c++) expect(θ.W2[c * 32 + r]).toBe(θ.W1[r * 8 + c]);
  });
  it("energyFraction: 1 for rank one, 1/d for the identity", () => {
    const I = Float64Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 1 : 0));
    expect(energyFraction(I, 4, 4)).toBeCloseTo(0.25, 12);
    expect(() => energyFraction(new Float64Array(4), 2, 2)).toThrow(/zero matrix/);
  });
});

describe("AdamW and the schedule", () => {
  it("one AdamW step by hand", () => {
    const θ = Float64Array.of(1, 1);
    const opt = createAdamW(2, { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, decayMask: Uint8Array.of(1, 0) });
    adamwStep(opt, θ, [0.5, -2], 0.01);
    // bias-corrected m̂ = g, v̂ = g², so the step is lr·sign(g) (up to eps); decay first on θ₀ only
    expect(θ[0]).toBeCloseTo(1 - 0.01 * 0.1 - 0.01, 7);
    expect(θ[1]).toBeCloseTo(1 + 0.01, 7);
  });
  it("one-cycle cosine: lr/100 at the start, lr at 2 %, lr/5 at the end", () => {
    expect(oneCycleLr(0, 1000, 2e-3)).toBeCloseTo(2e-5, 12);
    expect(oneCycleLr(19, 1000, 2e-3)).toBeCloseTo(2e-3, 12);
    expect(oneCycleLr(999, 1000, 2e-3)).toBeCloseTo(4e-4, 12);
    expect(oneCycleLr(500, 1000, 2e-3)).toBeLessThan(2e-3);
  });
});

describe("training", () => {
  it("is repeatable for a seed and moves the loss", async () => {
    const c = { ...FIG4, N: 16, B: 4, steps: 8, init: "standard" as const, seed: 5 };
    const a = await train(c, { threads: 1 }), b = await train(c, { threads: 2 });
    expect(a.testLoss.length).toBe(9);
    expect(Math.max(...a.testLoss.map((x, i) => Math.abs(x - b.testLoss[i])))).toBeLessThan(1e-12);
    const other = await train({ ...c, seed: 6 }, { threads: 1 });
    expect(other.testLoss[8]).not.toBe(a.testLoss[8]);
  }, 30_000);
  it("gives the same numbers, bit for bit, on 1, 2 and 3 threads", async () => {
    // Before: each thread summed its own share, so the curves first differed at step 2 (~1e-16).
    const c = { ...FIG4, N: 24, B: 6, steps: 6, init: "standard" as const, seed: 7, snapshots: [6] };
    const [a, b, d] = [await train(c, { threads: 1 }), await train(c, { threads: 2 }), await train(c, { threads: 3 })];
    expect(b.testLoss).toEqual(a.testLoss);
    expect(d.testLoss).toEqual(a.testLoss);
    expect(b.snapshots).toEqual(a.snapshots);
    expect(d.snapshots).toEqual(a.snapshots);
  }, 60_000);
  it("rejects a bad configuration by name", async () => {
    await expect(train({ ...FIG4, init: "standard", seed: 1, p: 1.5 })).rejects.toThrow(/p must be in \(0, 1\)/);
    await expect(train({ ...FIG4, init: "xavier" as never, seed: 1 })).rejects.toThrow(/init must be/);
  });
});

describe("the results cache", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cache-test-"));
  afterAll(() => undefined);
  it("keys on the whole configuration, order-free, and stores once", async () => {
    expect(cacheKey("fig4", { a: 1, b: 2 })).toBe(cacheKey("fig4", { b: 2, a: 1 }));
    expect(cacheKey("fig4", { a: 1, b: 2 })).not.toBe(cacheKey("fig4", { a: 1, b: 3 }));
    let calls = 0;
    const compute = async () => ++calls;
    const first = await cached("demo", { x: 1 }, compute, { dir });
    const second = await cached("demo", { x: 1 }, compute, { dir });
    const forced = await cached("demo", { x: 1 }, compute, { dir, recompute: true });
    expect([first.fromCache, second.fromCache, forced.fromCache, calls, second.value]).toEqual([false, true, false, 2, 1]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".json")).length).toBe(1);
  });

  it("reads a stored result without computing, and gives null when none is stored", async () => {
    await cached("peek", { x: 2 }, async () => 42, { dir });
    expect(readCached("peek", { x: 2 }, dir)).toBe(42);
    expect(readCached("peek", { x: 3 }, dir)).toBeNull();
  });
});
