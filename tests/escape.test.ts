import { describe, expect, it } from "vitest";
import { canonicalGradientWithBias } from "../src/canonical/gradient";
import { unigramLoss } from "../src/markov/index";
import { OFF_CANONICAL_PARTS, OffCanonicalPart, canonicalProjection } from "../src/model/canonical-projection";
import { canonicalToFull } from "../src/model/init";
import { Params, cloneParams } from "../src/model/params";
import { createRng } from "../src/runtime/rng";
import { oneCycleLr } from "../src/training/adamw";
import { smallCanonicalInit, trainCanonical } from "../src/training/canonical-train";
import { projectionTracker } from "../src/training/projection-study";
import { FIG4, train } from "../src/training/train";

const rng = createRng(17);
const d = 8, N = 16, h = 4 * d;
const POINTS: [number, number, number][] = [[0.8, -1.3, 0.2], [1.5, 0.7, -0.4], [0.3, 2.0, 0.0], [2.0, -0.2, 1.1], [0.05, 0, -0.47]];

describe("train(): the observe hook", () => {
  it("is called steps + 1 times, at steps 0..steps, with the live parameters", async () => {
    const c = { ...FIG4, N: 16, B: 4, steps: 6, init: "standard" as const, seed: 3, snapshots: [0, 3, 6] };
    const seen: number[] = [], W1: number[][] = [];
    let buffer: Params | null = null, sameBuffer = true;
    const run = await train(c, { threads: 1, observe: (step, θ) => {
      seen.push(step);
      W1.push(Array.from(θ.W1));
      if (buffer === null) buffer = θ; else sameBuffer &&= buffer === θ;
    } });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sameBuffer).toBe(true);
    for (const s of run.snapshots) expect(W1[s.step]).toEqual(s.W1); // what it saw is what the trainer held
    expect(W1[1]).not.toEqual(W1[0]);
    // observing changes nothing
    const plain = await train(c, { threads: 1 });
    expect(plain.testLoss).toEqual(run.testLoss);
  }, 30_000);
});

function randomUnit(n: number): Float64Array {
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const s = Math.hypot(...x);
  return x.map((v) => v / s);
}

describe("canonicalProjection (the inverse of canonicalToFull)", () => {
  it("projects canonicalToFull(e, w, b) back to (e, w, b) with every off-canonical part 0", () => {
    for (const [e, w, b] of POINTS) {
      const θ = canonicalToFull({ d, N }, e, w, b);
      for (const u of [undefined, θ.e]) {
        if (u !== undefined && e <= 0) continue;
        const π = canonicalProjection(θ, u);
        expect(Math.abs(π.e - e)).toBeLessThan(1e-12);
        expect(Math.abs(π.w - w)).toBeLessThan(1e-12);
        expect(Math.abs(π.wEff - w)).toBeLessThan(1e-7); // a square root of w|w|
        expect(π.b).toBe(b);
        expect(π.offNorm).toBeLessThan(1e-12);
        expect(π.valueOutput).toBe(0);
      }
    }
    // a negative e too (u fixed): the map is linear in e
    const π = canonicalProjection(canonicalToFull({ d, N }, -0.7, 1.2, 0.1));
    expect([π.e, π.w, π.offNorm < 1e-12]).toEqual([expect.closeTo(-0.7, 12), expect.closeTo(1.2, 12), true]);
  });

  it("sees a perturbation in one off-canonical direction in that part only", () => {
    const u = 1 / Math.sqrt(d), U = new Float64Array(d).fill(u), v = 1 / Math.sqrt(d);
    const perpU = () => { const x = Float64Array.from({ length: d }, () => rng.normal()); const s = x.reduce((a, b) => a + b, 0) * u; return x.map((y) => y - s * u); };
    const perpV = () => { const x = Float64Array.from({ length: h }, () => rng.normal()); const s = x.reduce((a, b) => a + b, 0) * v / 4; return x.map((y) => y - s * v); };
    const norm = (x: ArrayLike<number>) => Math.hypot(...Array.from(x));
    // each returns the expected norm of its part after perturbing θ in place
    const perturb: Record<OffCanonicalPart, (θ: Params) => number> = {
      embedding: (θ) => { const δ = perpU(); θ.e.forEach((_, i) => (θ.e[i] += δ[i])); return norm(δ); },
      posAlong: (θ) => { const s = Array.from({ length: N }, () => rng.normal()); for (let n = 0; n < N; n++) for (let k = 0; k < d; k++) θ.pos[n * d + k] += s[n] * U[k]; return Math.sqrt(s.reduce((a, x) => a + x * x, 0) / N); },
      posPerp: (θ) => { let t = 0; for (let n = 0; n < N; n++) { const δ = perpU(); t += norm(δ) ** 2; for (let k = 0; k < d; k++) θ.pos[n * d + k] += δ[k]; } return Math.sqrt(t / N); },
      WQ: (θ) => { const δ = randomUnit(d * d); θ.WQ.set(δ); return 1; },
      WK: (θ) => { const δ = randomUnit(d * d); θ.WK.set(δ); return 1; },
      WV: (θ) => { const δ = randomUnit(d * d); θ.WV.set(δ); return 1; },
      WO: (θ) => { const δ = randomUnit(d * d); θ.WO.set(δ); return 1; },
      W1OnU: (θ) => { const δ = perpV(); for (let r = 0; r < h; r++) for (let k = 0; k < d; k++) θ.W1[r * d + k] += δ[r] * U[k]; return norm(δ); },
      W1PerpU: (θ) => { let t = 0; for (let r = 0; r < h; r++) { const δ = perpU(); t += norm(δ) ** 2; for (let k = 0; k < d; k++) θ.W1[r * d + k] += δ[k]; } return Math.sqrt(t); },
      W2OnU: (θ) => { const δ = perpV(); for (let k = 0; k < d; k++) for (let r = 0; r < h; r++) θ.W2[k * h + r] += U[k] * δ[r]; return norm(δ); },
      W2PerpU: (θ) => { let t = 0; for (let r = 0; r < h; r++) { const δ = perpU(); t += norm(δ) ** 2; for (let k = 0; k < d; k++) θ.W2[k * h + r] += δ[k]; } return Math.sqrt(t); },
    };
    for (const [e, w, b] of POINTS) {
      for (const part of OFF_CANONICAL_PARTS) {
        const θ = cloneParams(canonicalToFull({ d, N }, e, w, b));
        const expected = perturb[part](θ);
        const π = canonicalProjection(θ);
        expect(Math.abs(π.off[part] - expected)).toBeLessThan(1e-12 * Math.max(1, expected));
        for (const other of OFF_CANONICAL_PARTS) if (other !== part) expect(π.off[other]).toBeLessThan(1e-12);
        expect([Math.abs(π.e - e) < 1e-12, Math.abs(π.w - w) < 1e-12, π.b === b]).toEqual([true, true, true]);
        expect(Math.abs(π.offNorm - expected)).toBeLessThan(1e-12 * Math.max(1, expected));
      }
    }
  });

  it("is invariant under a rotation of the residual stream when u rotates with it", () => {
    const θ = cloneParams(canonicalToFull({ d, N }, 0.9, -1.1, 0.3));
    θ.WV.set(randomUnit(d * d));
    θ.WO.set(randomUnit(d * d));
    // a Householder reflection H = I − 2nnᵀ sends u to Hu; apply it to every d-space index
    const n = randomUnit(d);
    const H = (x: Float64Array) => { const s = 2 * x.reduce((a, xi, i) => a + xi * n[i], 0); return x.map((xi, i) => xi - s * n[i]); };
    const R = cloneParams(θ);
    R.e.set(H(θ.e));
    for (let r = 0; r < N; r++) R.pos.set(H(θ.pos.slice(r * d, (r + 1) * d)), r * d);
    for (let r = 0; r < h; r++) R.W1.set(H(θ.W1.slice(r * d, (r + 1) * d)), r * d); // W1 Hᵀ (H symmetric)
    for (let r = 0; r < h; r++) { const col = H(Float64Array.from({ length: d }, (_, k) => θ.W2[k * h + r])); for (let k = 0; k < d; k++) R.W2[k * h + r] = col[k]; }
    const conj = (M: Float64Array) => { // H M H
      const A = new Float64Array(d * d);
      for (let i = 0; i < d; i++) A.set(H(M.slice(i * d, (i + 1) * d)), i * d);
      const B = new Float64Array(d * d);
      for (let j = 0; j < d; j++) { const col = H(Float64Array.from({ length: d }, (_, i) => A[i * d + j])); for (let i = 0; i < d; i++) B[i * d + j] = col[i]; }
      return B;
    };
    R.WV.set(conj(θ.WV));
    R.WO.set(conj(θ.WO));
    const a = canonicalProjection(θ, θ.e), b = canonicalProjection(R, R.e);
    for (const k of OFF_CANONICAL_PARTS) expect(Math.abs(a.off[k] - b.off[k])).toBeLessThan(1e-12);
    expect(Math.abs(a.wEff - b.wEff) + Math.abs(a.e - b.e) + Math.abs(a.valueOutput - b.valueOutput)).toBeLessThan(1e-12);
  });

  it("names a bad direction", () => {
    const θ = canonicalToFull({ d, N }, 1, 1, 0);
    expect(() => canonicalProjection(θ, [1, 2])).toThrow(/u must have d = 8 entries/);
    expect(() => canonicalProjection(θ, new Float64Array(d))).toThrow(/u must be nonzero/);
  });
});

describe("projectionTracker", () => {
  it("records at 0, every k steps and at the last step", () => {
    const { track, observe } = projectionTracker(4, 10);
    const θ = canonicalToFull({ d, N }, 0.5, -1, 0);
    for (let s = 0; s <= 10; s++) observe(s, θ);
    expect(track.step).toEqual([0, 4, 8, 10]);
    expect(track.off.WV).toEqual([0, 0, 0, 0]);
    expect(track.e[0]).toBeCloseTo(0.5, 6);
  });
});

describe("trainCanonical", () => {
  const c = { p: 0.5, q: 0.8, steps: 1000, lr: 2e-3, beta1: 0.9, beta2: 0.95, weightDecay: 1e-3 };
  it("takes AdamW's first step: each coordinate moves by lr₀ against its gradient's sign (plus decay on e, w)", () => {
    const start = { e: 0.4, w: -0.9, b: 0.1 };
    const run = trainCanonical({ ...c, steps: 3 }, start);
    const g = canonicalGradientWithBias(start.e, start.w, start.b, c.p, c.q), lr0 = oneCycleLr(0, 3, c.lr);
    const expected = [start.e * (1 - lr0 * c.weightDecay) - lr0 * Math.sign(g[0]), start.w * (1 - lr0 * c.weightDecay) - lr0 * Math.sign(g[1]), start.b - lr0 * Math.sign(g[2])];
    expect(Math.abs(run.e[1] - expected[0]) + Math.abs(run.w[1] - expected[1]) + Math.abs(run.b[1] - expected[2])).toBeLessThan(1e-9);
    expect(run.loss.length).toBe(4);
  });
  it("is deterministic, and from σ = 0.02 at (0.5, 0.8) ends on the unigram loss", () => {
    const start = smallCanonicalInit(createRng(5).fork("c"));
    const a = trainCanonical(c, start), b = trainCanonical(c, start);
    expect(a.loss).toEqual(b.loss);
    expect(Math.abs(a.loss[c.steps] - unigramLoss(0.5, 0.8))).toBeLessThan(1e-4);
  });
  it("from beyond the saddle line (w|w| < −½) with e away from 0 leaves the plateau for the bigram loss", () => {
    const a = trainCanonical(c, { e: 0.1, w: -1, b: -0.47 });
    expect(a.loss[c.steps]).toBeLessThan(0.62);
  });
  it("names a bad argument", () => {
    expect(() => trainCanonical({ ...c, steps: 0 }, { e: 0, w: 0, b: 0 })).toThrow(/steps/);
    expect(() => trainCanonical(c, { e: NaN, w: 0, b: 0 })).toThrow(/start.e/);
    expect(() => smallCanonicalInit(rng, -1)).toThrow(/sigma/);
  });
});
