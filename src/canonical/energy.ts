/** The conserved energy of the (e, w) gradient flow at b*, §3.4 (Lemma 1). */
import { assertFinite } from "../markov/validate";
import { canonicalGradient, canonicalGradientWithBias } from "./gradient";

/** w-coordinate of the saddle on e = 0: w = −1/√2, where 1 + 2w|w| = 0 (§3.4, §4). */
export const W_SAD = -Math.SQRT1_2;

/** Saddle energy E_sad = E(0, −1/√2) = −(1 + ln 2)/2 ≈ −0.8465735903 (§3.4). */
export const E_SAD = -(1 + Math.LN2) / 2;

/**
 * The saddle point (e, w) = (0, −1/√2) of Theorem 1.
 *
 * @example
 * saddlePoint(); // { e: 0, w: −0.7071067811865476 }
 */
export function saddlePoint(): { e: number; w: number } {
  return { e: 0, w: W_SAD };
}

/**
 * E(e, w) = e² − (w² + sign(w)·ln|w|) (§3.4, Lemma 1). Throws at w = 0: the invariant line where E is undefined.
 *
 * @example
 * energy(0.5, -1); // −0.75
 */
export function energy(e: number, w: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  if (w === 0) throw new RangeError("w must be nonzero: E is undefined on the invariant line w = 0, got w = 0");
  return e * e - (w * w + Math.sign(w) * Math.log(Math.abs(w)));
}

/** dE/dt along the gradient flow, split term by term (§3.4). */
export interface EnergyRate {
  /** 2e·ė. */
  eTerm: number;
  /** −(2w + 1/|w|)·ẇ. */
  wTerm: number;
  /** eTerm + wTerm. */
  total: number;
}

function rate(e: number, w: number, ge: number, gw: number): EnergyRate {
  if (w === 0) throw new RangeError("w must be nonzero: E is undefined on the invariant line w = 0, got w = 0");
  const eTerm = 2 * e * -ge;
  const wTerm = -(2 * w + 1 / Math.abs(w)) * -gw;
  return { eTerm, wTerm, total: eTerm + wTerm };
}

/**
 * dE/dt along ė = −∂L/∂e, ẇ = −∂L/∂w at b* (§3.4): eTerm = −4e²g1(1+2w|w|), wTerm = +4e²g1(1+2w|w|), total 0
 * up to rounding. Throws at w = 0.
 *
 * @example
 * energyRate(0.5, -1, 0.5, 0.8); // { eTerm: x, wTerm: −x (to rounding), total: ≈ 0 }
 */
export function energyRate(e: number, w: number, p: number, q: number): EnergyRate {
  const [ge, gw] = canonicalGradient(e, w, p, q);
  return rate(e, w, ge, gw);
}

/**
 * dE/dt along the flow of (e, w) with a free bias b (b's own flow does not enter E): total = 2e²·∂L/∂b (§3.4),
 * so E is conserved only at b = b*. Throws at w = 0.
 *
 * @example
 * energyRateWithBias(0.5, -1, 0, 0.5, 0.8).total; // = 2·0.25·∂L/∂b
 */
export function energyRateWithBias(e: number, w: number, b: number, p: number, q: number): EnergyRate {
  const [ge, gw] = canonicalGradientWithBias(e, w, b, p, q);
  return rate(e, w, ge, gw);
}
