/**
 * The depth ODE of the mean-field limit at a fixed law (Gao et al., Eq. 3.1):
 *   dT_ρ(H, t)/dt = ∫ ½ [f(T_ρ(H, t), θ) + h(T_ρ(H, t), w)] ρ(θ, w | t) d(θ, w),  T_ρ(H, 0) = H,
 * for a law given as particles at each depth (here a smooth-in-depth law, ρ(·|t) = (1/M) Σ_m δ_{θ_m(t)}),
 * integrated with classical RK4 on a fine uniform grid in t. The discrete network (model.ts) is a
 * Lie–Euler splitting of this ODE — an attention half-step, then a feed-forward half-step — so its
 * output approaches Read[T_ρ(H, 1)] at rate L⁻¹ when ρ is smooth in t. The drift uses the readable
 * reference kernels of encoders.ts while the network runs the compiled ones (unrolled.ts), so that
 * comparison also sets two implementations of the encoders side by side.
 *
 * @example
 * const yLimit = depthOdeOutputs(law, probes, { steps: 256 });   // one value per prompt
 */
import type { IcrSample } from "./data";
import { assertIcrSample } from "./data";
import type { SmoothLaw } from "./laws";
import { lawAt } from "./laws";
import type { AttentionCache } from "./encoders";
import { attentionAdd, feedForwardAdd } from "./encoders";
import { assertInteger } from "../runtime/validate";

/** Adds (1/M) Σ_m ½[f(Z, θ_m) + h(Z, w_m)] · scale into out (one prompt). */
function drift(law: SmoothLaw, T: number, particles: Float64Array, Z: Float64Array, out: Float64Array, scale: number,
  cache: AttentionCache, Pc: Float64Array): void {
  const { D, k, M, P } = law;
  const DD = D * D, c = (0.5 * scale) / M;
  for (let m = 0; m < M; m++) {
    const p = m * P;
    attentionAdd(D, T, Z, 0, particles, p, p + DD, c, out, 0, cache, 0, 0);
    feedForwardAdd(D, k, T, Z, 0, particles, p + 2 * DD, p + 2 * DD + k * D, c, out, 0, Pc, 0);
  }
}

/**
 * Integrates Eq. 3.1 for every prompt of `sample` with `steps` RK4 steps (default 256) and returns
 * the outputs Read[T_ρ(H_b, 1)]; `finals`, if given (n·D·T), receives T_ρ(H_b, 1).
 */
export function depthOdeOutputs(law: SmoothLaw, sample: IcrSample, options: { steps?: number; finals?: Float64Array } = {}): Float64Array {
  assertIcrSample(sample);
  if (law.D !== sample.D) throw new RangeError(`law.D = ${law.D} does not match the sample's D = ${sample.D}`);
  const steps = options.steps ?? 256;
  assertInteger("steps", steps);
  const { n, D, T } = sample;
  const DT = D * T, h = 1 / steps;
  const cache: AttentionCache = { At: new Float64Array(T * T), WZ: new Float64Array(DT), Y: new Float64Array(DT) };
  const Pc = new Float64Array(law.k * T);
  const p0 = new Float64Array(law.M * law.P), pm = new Float64Array(law.M * law.P), p1 = new Float64Array(law.M * law.P);
  const Z = new Float64Array(DT), Zs = new Float64Array(DT), acc = new Float64Array(DT), kk = new Float64Array(DT);
  const out = new Float64Array(n);
  const finals = options.finals;
  if (finals && finals.length !== n * DT) throw new RangeError(`finals must hold n·D·T = ${n * DT} numbers, got ${finals.length}`);
  const Zall = new Float64Array(n * DT);
  Zall.set(sample.H);
  for (let i = 0; i < steps; i++) {
    const t = i * h;
    lawAt(law, t, p0);
    lawAt(law, t + h / 2, pm);
    lawAt(law, t + h, p1);
    for (let b = 0; b < n; b++) {
      Z.set(Zall.subarray(b * DT, (b + 1) * DT));
      // k1 at (t, Z)
      kk.fill(0);
      drift(law, T, p0, Z, kk, 1, cache, Pc);
      for (let e = 0; e < DT; e++) { acc[e] = kk[e]; Zs[e] = Z[e] + 0.5 * h * kk[e]; }
      kk.fill(0);
      drift(law, T, pm, Zs, kk, 1, cache, Pc);
      for (let e = 0; e < DT; e++) { acc[e] += 2 * kk[e]; Zs[e] = Z[e] + 0.5 * h * kk[e]; }
      kk.fill(0);
      drift(law, T, pm, Zs, kk, 1, cache, Pc);
      for (let e = 0; e < DT; e++) { acc[e] += 2 * kk[e]; Zs[e] = Z[e] + h * kk[e]; }
      kk.fill(0);
      drift(law, T, p1, Zs, kk, 1, cache, Pc);
      for (let e = 0; e < DT; e++) Zall[b * DT + e] = Z[e] + (h / 6) * (acc[e] + kk[e]);
    }
  }
  for (let b = 0; b < n; b++) out[b] = Zall[b * DT + sample.readRow * T + sample.readCol];
  if (finals) finals.set(Zall);
  return out;
}
