import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import {
  assertIcrSample, closeMeanFieldPool, depthOdeOutputs, discretizeLaw, energyIdentityError, firstPrompts, huberRelu, huberReluPrime,
  icrSample, logLogSlope, meanFieldBackward, meanFieldFlow, meanFieldForward, meanFieldModel, meanFieldObjective, meanFieldPredict,
  meanFieldShape, momentsByLayer, particleEntry, particleHistogram, runMeanField, runMeanFieldMany, smoothInDepthLaw, spearman,
  uniformBallLaw, wasserstein1, withReadout,
} from "../src/meanfield/index";
import type { MeanFieldRunSpec } from "../src/meanfield/index";

const rng = createRng(17);

describe("the mean-field transformer's gradient (hand-written backward pass)", () => {
  it("matches central finite differences on every coordinate of a tiny model", () => {
    const sample = icrSample(rng.fork("fd-data"), { n: 3, d: 2, N: 3 });
    const shape = meanFieldShape({ D: 5, k: 3, L: 3, M: 2 });
    const model = meanFieldModel(shape, sample);
    const θ = uniformBallLaw(rng.fork("fd-init"), shape, 6);
    const g = new Float64Array(θ.length);
    meanFieldForward(model, θ);
    meanFieldBackward(model, θ, g);
    let worst = 0;
    const h = 1e-5;
    for (let i = 0; i < θ.length; i++) {
      const x = θ[i];
      θ[i] = x + h;
      const up = meanFieldForward(model, θ);
      θ[i] = x - h;
      const down = meanFieldForward(model, θ);
      θ[i] = x;
      const fd = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1e-3, Math.abs(g[i])));
    }
    expect(θ.length).toBe(3 * 2 * 80);
    expect(worst).toBeLessThan(1e-6);
  });

  it("matches a directional derivative on a larger model", () => {
    const sample = icrSample(rng.fork("dd-data"), { n: 8, d: 2, N: 6 });
    const shape = meanFieldShape({ D: 5, k: 5, L: 4, M: 8 });
    const model = meanFieldModel(shape, sample);
    const θ = uniformBallLaw(rng.fork("dd-init"), shape, 5);
    const u = uniformBallLaw(rng.fork("dd-dir"), shape, 1);
    const g = new Float64Array(θ.length);
    meanFieldForward(model, θ);
    meanFieldBackward(model, θ, g);
    let gu = 0;
    for (let i = 0; i < θ.length; i++) gu += g[i] * u[i];
    const h = 1e-5;
    const up = meanFieldForward(model, θ.map((x, i) => x + h * u[i]));
    const down = meanFieldForward(model, θ.map((x, i) => x - h * u[i]));
    expect(Math.abs((up - down) / (2 * h) - gu) / Math.abs(gu)).toBeLessThan(1e-7);
  });

  it("Huberized ReLU and its derivative", () => {
    expect([-1, 0.5, 2].map(huberRelu)).toEqual([0, 0.125, 1.5]);
    expect([-1, 0.5, 2].map(huberReluPrime)).toEqual([0, 0.5, 1]);
  });
});

describe("the depth ODE (Eq. 3.1)", () => {
  it("the discrete network converges to it at rate L⁻¹ for a smooth-in-depth law", () => {
    const probes = icrSample(rng.fork("ode-data"), { n: 4, d: 2, N: 4 });
    const law = smoothInDepthLaw(rng.fork("ode-law"), { D: 5, k: 5, M: 4, R: 5 });
    const limit = depthOdeOutputs(law, probes, { steps: 128 });
    const gap = (L: number) => {
      const y = meanFieldPredict(meanFieldModel(meanFieldShape({ D: 5, k: 5, L, M: 4 }), probes), discretizeLaw(law, L));
      return Math.sqrt(y.reduce((s, v, b) => s + (v - limit[b]) ** 2, 0) / y.length);
    };
    const Ls = [8, 16, 32, 64];
    const slope = logLogSlope(Ls, Ls.map(gap)).slope;
    expect(slope).toBeGreaterThan(-1.15);
    expect(slope).toBeLessThan(-0.85);
  });
});

describe("the gradient flow", () => {
  const spec = (over: Partial<MeanFieldRunSpec> = {}): MeanFieldRunSpec => ({
    data: { seed: 5, n: 6, d: 2, N: 3 }, heldOut: { seed: 6, n: 6 }, k: 3, L: 2, M: 3,
    init: { law: "ball", R: 5, seed: 9 }, lambda: 1e-2, eta: 0.05, tau: 1, ...over,
  });

  it("is repeatable from its seeds, in this thread and on the workers", async () => {
    const a = runMeanField(spec()), b = runMeanField(spec());
    expect(a.objective).toEqual(b.objective);
    const [c] = await runMeanFieldMany([spec(), spec({ M: 2 })], { workers: 2 });
    closeMeanFieldPool();
    expect(c.objective).toEqual(a.objective);
    expect(runMeanField(spec({ init: { law: "ball", R: 5, seed: 10 } })).objective).not.toEqual(a.objective);
  });

  it("never lets Q̂ increase: a too-large step is halved and counted", () => {
    const r = runMeanField(spec({ eta: 2, tau: 20, lambda: 1e-3 }));
    expect(r.halvings).toBeGreaterThan(0);
    for (let i = 1; i < r.objective.length; i++) expect(r.objective[i]).toBeLessThanOrEqual(r.objective[i - 1] * (1 + 1e-14));
    const s = runMeanField(spec());
    expect(s.halvings).toBe(0);
    expect(s.maxIncrease).toBeLessThanOrEqual(0);
  });

  it("lowers Q̂ by ηE + O(η²) per step (the energy identity)", () => {
    const sample = icrSample(rng.fork("en"), { n: 6, d: 2, N: 3 });
    const shape = meanFieldShape({ D: 5, k: 3, L: 2, M: 4 });
    const model = meanFieldModel(shape, sample);
    const θ = uniformBallLaw(rng.fork("en-init"), shape, 5);
    const e1 = energyIdentityError(model, θ, 1e-2, 0.02), e2 = energyIdentityError(model, θ, 1e-2, 0.01);
    expect(e1 / e2).toBeGreaterThan(3.5);
    expect(e1 / e2).toBeLessThan(4.5);
    const Q = meanFieldObjective(model, θ, 1e-2);
    expect(Q).toBeGreaterThan(meanFieldForward(model, θ));
  });
});

describe("particle statistics", () => {
  it("W₁ of a shifted sample is the shift; histograms integrate to 1", () => {
    const a = [0, 1, 2, 3], b = a.map((x) => x + 0.5);
    expect(wasserstein1(a, b)).toBeCloseTo(0.5, 12);
    expect(wasserstein1([0, 1], [0, 0.5, 1, 1.5])).toBeCloseTo(0.25, 12);
    const h = particleHistogram([0.1, 0.2, 0.9], 4, 0, 1);
    expect(h.density.reduce((s, d) => s + d * 0.25, 0)).toBeCloseTo(1, 12);
  });

  it("entries by layer, moments, fits", () => {
    const shape = meanFieldShape({ D: 5, k: 3, L: 2, M: 4 });
    const θ = uniformBallLaw(rng.fork("pe"), shape, 5);
    const v = particleEntry(shape, θ, "W2", 4, 2);
    expect(v.length).toBe(2);
    expect(v[1][3]).toBe(θ[(1 * 4 + 3) * shape.P + shape.offW2 + 4 * 3 + 2]);
    expect(momentsByLayer([[1, 3]]).sd[0]).toBe(1);
    expect(logLogSlope([1, 2, 4], [1, 0.5, 0.25]).slope).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 3, 1])).toBeLessThan(-0.9);
  });
});

describe("bad input is refused, naming the argument", () => {
  const sample = icrSample(createRng(3), { n: 2, d: 2, N: 2 });
  it("sizes", () => {
    expect(() => meanFieldShape({ D: 5, k: 3, L: 0, M: 2 })).toThrow(/L must be/);
    expect(() => meanFieldShape({ D: 5, k: 3, L: 2, M: 0 })).toThrow(/M must be/);
    expect(() => meanFieldShape({ D: 5, k: 3, L: 1.5, M: 2 })).toThrow(/L must be/);
    expect(() => icrSample(createRng(3), { n: 0, d: 2, N: 2 })).toThrow(/n must be/);
    expect(() => meanFieldModel(meanFieldShape({ D: 6, k: 3, L: 1, M: 1 }), sample)).toThrow(/shape.D = 6/);
    expect(() => firstPrompts(sample, 3)).toThrow(/count/);
  });
  it("flow options", () => {
    const shape = meanFieldShape({ D: 5, k: 3, L: 1, M: 1 });
    const model = meanFieldModel(shape, sample);
    const θ = uniformBallLaw(createRng(4), shape, 1);
    expect(() => meanFieldFlow(model, θ, { lambda: -1, eta: 0.1, tau: 1 })).toThrow(/lambda/);
    expect(() => meanFieldFlow(model, θ, { lambda: 0, eta: 0, tau: 1 })).toThrow(/eta/);
    expect(() => meanFieldFlow(model, θ, { lambda: 0, eta: -1, tau: 1 })).toThrow(/eta/);
    expect(() => meanFieldFlow(model, θ.subarray(1).slice(), { lambda: 0, eta: 0.1, tau: 1 })).toThrow(/params0 has/);
    const bad = θ.slice();
    bad[3] = NaN;
    expect(() => meanFieldFlow(model, bad, { lambda: 0, eta: 0.1, tau: 1 })).toThrow(/params0\[3\] is NaN/);
  });
  it("readout and data", () => {
    expect(() => withReadout(sample, 5, 0)).toThrow(/readout row 5 is outside/);
    expect(() => withReadout(sample, 0, 3)).toThrow(/readout column 3 is outside/);
    const H = sample.H.slice();
    H[7] = Infinity;
    expect(() => assertIcrSample({ ...sample, H })).toThrow(/sample.H\[7\] is Infinity/);
    expect(() => assertIcrSample({ ...sample, y: new Float64Array(1) })).toThrow(/sample.y/);
    expect(() => uniformBallLaw(createRng(1), meanFieldShape({ D: 5, k: 3, L: 1, M: 1 }), 0)).toThrow(/R must be/);
    expect(() => wasserstein1([], [1])).toThrow(/non-empty/);
  });
});
