/**
 * Initial laws ρ₀(·|t) of the particles (Gao et al., §2 "Initialisation", the class P²: bounded
 * support, Lipschitz in depth t):
 * - `uniformBallLaw`: every particle (θ, w) ∈ R^P independently uniform on the ball of radius R
 *   (‖θ‖² + ‖w‖² ≤ R²) — the paper's natural choice; the same law at every depth.
 * - `smoothInDepthLaw`: M template particles whose coordinates are smooth functions of depth
 *   (a short cosine series), each scaled once over all depths into the ball of radius R. The law
 *   at depth t is (1/M) Σ_m δ_{θ_m(t)}, the same for every L — so a change of L changes only the
 *   depth discretisation (our construction, to make the L⁻¹ term visible).
 * - `gaussianLaw`: i.i.d. N(0, σ²) entries — unbounded support, OUTSIDE the theorems' assumptions;
 *   a contrast only.
 * The radius R and the number of cosine modes are ours to choose.
 *
 * @example
 * const θ0 = uniformBallLaw(rng.fork("init"), shape, 5);
 * const law = smoothInDepthLaw(rng.fork("templates"), { D: 5, k: 5, M: 16, R: 5 });
 * const θL = discretizeLaw(law, 8);   // L = 8 layers, templates at t = 0, 1/8, …, 7/8
 */
import type { Rng } from "../runtime/rng";
import type { MeanFieldShape } from "./shape";
import { meanFieldShape, meanFieldParameterCount } from "./shape";
import { assertPositive } from "../runtime/validate";

/** Fills out[o…o+P) with a point uniform on the ball of radius R in R^P. */
function ballPoint(rng: Rng, P: number, R: number, out: Float64Array, o: number): void {
  let s = 0;
  for (let i = 0; i < P; i++) {
    const g = rng.normal();
    out[o + i] = g;
    s += g * g;
  }
  const scale = (R * Math.pow(rng.uniform(), 1 / P)) / Math.sqrt(s);
  for (let i = 0; i < P; i++) out[o + i] *= scale;
}

/** L·M particles, each independently uniform on the ball of radius R (the paper's bounded-support law). */
export function uniformBallLaw(rng: Rng, shape: MeanFieldShape, R: number): Float64Array {
  assertPositive("R", R);
  const out = new Float64Array(meanFieldParameterCount(shape));
  for (let p = 0; p < shape.L * shape.M; p++) ballPoint(rng, shape.P, R, out, p * shape.P);
  return out;
}

/** L·M particles with i.i.d. N(0, σ²) entries — outside the theorems (unbounded support). */
export function gaussianLaw(rng: Rng, shape: MeanFieldShape, sigma: number): Float64Array {
  assertPositive("sigma", sigma);
  const out = new Float64Array(meanFieldParameterCount(shape));
  for (let i = 0; i < out.length; i++) out[i] = sigma * rng.normal();
  return out;
}

/** A law smooth in depth: M templates θ_m(t) = s_m Σ_q ω_q cos(π q t) c_{m,q}, t ∈ [0, 1]. */
export interface SmoothLaw {
  readonly D: number;
  readonly k: number;
  readonly M: number;
  readonly P: number;
  readonly R: number;
  readonly modes: number;
  /** c_{m,q} (already multiplied by ω_q and s_m): M·modes·P numbers. */
  readonly coefficients: Float64Array;
}

/** Depths at which each template's norm is maximised to scale it into the ball (fixed, not per L). */
const NORM_GRID = 1024;

/**
 * Draws M smooth templates; ω_q ∝ 1/(q + 1) with Σ ω_q² = 1; each template is scaled so that
 * max_t ‖θ_m(t)‖ = R·U_m^{1/P} (U_m uniform), a radial law like the uniform ball's, once for all depths.
 */
export function smoothInDepthLaw(rng: Rng, options: { D: number; k: number; M: number; R: number; modes?: number }): SmoothLaw {
  const { D, k, M, P } = meanFieldShape({ D: options.D, k: options.k, L: 1, M: options.M });
  const R = assertPositive("R", options.R);
  const modes = options.modes ?? 3;
  if (!Number.isInteger(modes) || modes < 1) throw new RangeError(`modes must be an integer ≥ 1, got ${modes}`);
  const omega = Array.from({ length: modes }, (_, q) => 1 / (q + 1));
  const on = Math.hypot(...omega);
  const coefficients = new Float64Array(M * modes * P);
  for (let i = 0; i < coefficients.length; i++) coefficients[i] = rng.normal() * omega[Math.floor(i / P) % modes] / on;
  const law: SmoothLaw = { D, k, M, P, R, modes, coefficients };
  const tmp = new Float64Array(P);
  for (let m = 0; m < M; m++) {
    let worst = 0;
    for (let g = 0; g <= NORM_GRID; g++) {
      templateAt(law, m, g / NORM_GRID, tmp, 0);
      let s = 0;
      for (let i = 0; i < P; i++) s += tmp[i] * tmp[i];
      worst = Math.max(worst, Math.sqrt(s));
    }
    const scale = (R * Math.pow(rng.uniform(), 1 / P)) / worst;
    for (let i = m * modes * P; i < (m + 1) * modes * P; i++) coefficients[i] *= scale;
  }
  return law;
}

/** Template m at depth t ∈ [0, 1], written to out[o…o+P). */
export function templateAt(law: SmoothLaw, m: number, t: number, out: Float64Array, o: number): void {
  const { P, modes, coefficients } = law;
  for (let i = 0; i < P; i++) out[o + i] = 0;
  for (let q = 0; q < modes; q++) {
    const w = Math.cos(Math.PI * q * t), base = (m * modes + q) * P;
    for (let i = 0; i < P; i++) out[o + i] += w * coefficients[base + i];
  }
}

/** All M templates at depth t: M·P numbers (the law ρ(·|t) as particles). */
export function lawAt(law: SmoothLaw, t: number, out = new Float64Array(law.M * law.P)): Float64Array {
  for (let m = 0; m < law.M; m++) templateAt(law, m, t, out, m * law.P);
  return out;
}

/** The discrete network with L layers drawn from a smooth law: layer l holds the templates at the paper's depth label t = l/L. */
export function discretizeLaw(law: SmoothLaw, L: number): Float64Array {
  const shape = meanFieldShape({ D: law.D, k: law.k, L, M: law.M });
  const out = new Float64Array(meanFieldParameterCount(shape));
  for (let l = 0; l < L; l++) lawAt(law, l / L, out.subarray(l * law.M * law.P, (l + 1) * law.M * law.P));
  return out;
}
