/**
 * Testing candidate conserved quantities of a 3-D gradient flow θ̇ = −∇L(θ), θ = (e, w, a) — numerically,
 * before any energy is claimed (§8: "test numerically for conservation before claiming any energy").
 *
 * A quantity C is conserved by the flow iff dC/dt = −∇C·∇L vanishes identically. For the family
 * C_β(e, w, a) = e² − β·a² − (w² + sign(w)·ln|w|), which is the 2-D energy E(e, w) of §3.4 at β = 0,
 *   dC_β/dt = −(2e·L_e − 2βa·L_a − (2w + 1/|w|)·L_w),
 * so at each point exactly one β makes the rate vanish; a conserved member of the family exists iff that β
 * is the same constant everywhere (it is 2 for the linear-attention reconstruction, see linear.ts).
 */
import { sigmoid } from "../canonical/numerics";
import { assertFinite, assertInteger } from "../markov/validate";
import { assertFiniteArray } from "../runtime/validate";
import type { AttentionChain } from "./chain";
import { attentionOptimalBias } from "./loss";

/**
 * C_β(e, w, a) = e² − β·a² − (w² + sign(w)·ln|w|); β = 0 gives E(e, w) of §3.4. Throws at w = 0.
 *
 * @example
 * energyCandidate(0.5, -1, 0.3, 0); // −0.75 = energy(0.5, −1)
 * energyCandidate(0.5, -1, 0.3, 2); // −0.93 = linearAttentionEnergy(0.5, −1, 0.3)
 */
export function energyCandidate(e: number, w: number, a: number, beta: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFinite("beta", beta);
  if (w === 0) throw new RangeError("w must be nonzero: the energy is undefined on the plane w = 0, got w = 0");
  return e * e - beta * a * a - (w * w + Math.sign(w) * Math.log(Math.abs(w)));
}

/**
 * dC_β/dt = −∇C_β·∇L along the gradient flow, given ∇L = [L_e, L_w, L_a] at (e, w, a). Throws at w = 0.
 *
 * @example
 * energyCandidateRate(0.9, -0.4, 0.6, 2, linearAttentionGradient(0.9, -0.4, 0.6, 0.2, 0.3)); // ≈ 0 (linear.ts)
 */
export function energyCandidateRate(e: number, w: number, a: number, beta: number, grad: ArrayLike<number>): number {
  checkPointAndGradient(e, w, a, grad);
  assertFinite("beta", beta);
  if (w === 0) throw new RangeError("w must be nonzero: the energy is undefined on the plane w = 0, got w = 0");
  const gw = 2 * w + 1 / Math.abs(w);
  return -(2 * e * grad[0] - 2 * beta * a * grad[2] - gw * grad[1]);
}

/**
 * The β for which dC_β/dt = 0 at (e, w, a): β = (2e·L_e − (2w + 1/|w|)·L_w)/(2a·L_a); null when a·L_a = 0
 * (then no β, or every β, balances). A conserved C_β exists iff this is one constant over the whole space.
 *
 * @example
 * balancingBeta(0.9, -0.4, 0.6, linearAttentionGradient(0.9, -0.4, 0.6, 0.2, 0.3)); // 2 (to rounding)
 */
export function balancingBeta(e: number, w: number, a: number, grad: ArrayLike<number>): number | null {
  checkPointAndGradient(e, w, a, grad);
  if (w === 0) throw new RangeError("w must be nonzero: the energy is undefined on the plane w = 0, got w = 0");
  const den = 2 * a * grad[2];
  if (den === 0) return null;
  return (2 * e * grad[0] - (2 * w + 1 / Math.abs(w)) * grad[1]) / den;
}

/** (e, w, a) finite and grad = [L_e, L_w, L_a] finite: before, a NaN or a two-entry grad gave a NaN rate or β. */
function checkPointAndGradient(e: number, w: number, a: number, grad: ArrayLike<number>): void {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFiniteArray("grad", grad, 3);
}

/**
 * Largest |Q(y_t) − Q(y_0)| over a recorded trajectory (`states`: row-major, `dim` numbers per row, as
 * `dopri5(…, { record: true })` returns them). Every state and every Q value must be finite: a trajectory
 * that blew up has no drift to report.
 *
 * @example
 * trajectoryDrift(r.states!, 3, (y) => energyCandidate(y[0], y[1], y[2], 2));
 */
export function trajectoryDrift(states: ArrayLike<number>, dim: number, Q: (y: Float64Array) => number): number {
  assertInteger("dim", dim);
  if (states.length < dim || states.length % dim !== 0) {
    throw new RangeError(`states must hold whole rows of dim = ${dim} numbers, got ${states.length}`);
  }
  // Before: a NaN state or a NaN from Q made the drift NaN (Math.max passes NaN on).
  assertFiniteArray("states", states);
  const y = new Float64Array(dim);
  const at = (row: number): number => {
    for (let i = 0; i < dim; i++) y[i] = states[row * dim + i];
    const v = Q(y);
    if (!Number.isFinite(v)) throw new RangeError(`Q must return a finite number, got ${v} at row ${row}`);
    return v;
  };
  const q0 = at(0);
  let worst = 0;
  for (let r = 1; r < states.length / dim; r++) worst = Math.max(worst, Math.abs(at(r) - q0));
  return worst;
}

/**
 * dE/dt of the 2-D energy E(e, w) = e² − (w² + sign(w)·ln|w|) (§3.4) along the 3-D flow of the uniform-attention
 * reconstruction, in closed form [DERIVED here]: with G_j = ∂L/∂z_j at b* and s_j = (x_j − ½) + a(x̄_j − ½),
 *
 *   dE/dt = −2e·L_e + (2w + 1/|w|)·L_w = 4·sign(e)·e²·Σ_j G_j |s_j|
 *
 * (the w-terms cancel exactly, as in Lemma 1). At a = 0 every |s_j| = ½ and Σ_j G_j = ∂L/∂b = 0 at b*, so E is
 * conserved on that slice; for a ≠ 0 the weights |s_j| differ between cells and E drifts. Valid for w ≠ 0 too
 * (the formula has no 1/|w|). Returns 0 at e = 0.
 *
 * @example
 * attentionEnergyRate(0.8, -0.3, 0, attentionChain(0.2, 0.3, 16)); // ≈ 0 (a = 0: Lemma 1)
 * attentionEnergyRate(0.8, -0.3, 0.5, attentionChain(0.2, 0.3, 16)); // ≠ 0
 */
export function attentionEnergyRate(e: number, w: number, a: number, chain: AttentionChain): number {
  const b = attentionOptimalBias(e, w, a, chain); // validates e, w, a
  const { x, d, w1, w0, size } = chain;
  const e2 = e * e;
  const m4 = 4 * w * Math.abs(w);
  let S = 0;
  for (let j = 0; j < size; j++) {
    const s = x[j] - 0.5 + a * d[j];
    const r = e >= 0 ? Math.max(s, 0) : Math.min(s, 0);
    const G = (w1[j] + w0[j]) * sigmoid(e2 * (s + m4 * r) + b) - w1[j];
    S += G * Math.abs(s);
  }
  return 4 * Math.sign(e) * e2 * S;
}
