/**
 * Closed-form Hessians of the canonical loss [DERIVED here].
 *
 * Discontinuity at w = 0: d(w|w|)/dw = 2|w| but d²(w|w|)/dw² = 2·sign(w), so ∂²L/∂w² contains 4·sign(w)·e²·g1
 * and jumps by 8e²g1 across w = 0. At w = 0 exactly both functions use sign(0) = 0, i.e. the average of the two
 * one-sided Hessians. On the critical set e²·g1 = 0, so there the Hessian is continuous and the value is exact.
 */
import { stationary } from "../markov/binary";
import { assertFinite } from "../markov/validate";
import { logitGap, logits } from "./logits";
import { sigmoid, sigmoidSlope } from "./numerics";
import { reducedCurvature, reducedSlope } from "./reduced";

/** A symmetric 2×2 matrix [[H_ee, H_ew], [H_we, H_ww]]. */
export type Matrix2 = [[number, number], [number, number]];
/** A symmetric 3×3 matrix over (e, w, b). */
export type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

/**
 * Hessian of the reduced loss L(e, w) = φ(c(e, w)) at b*:
 *
 *   ∇²L = φ″(c)·∇c∇cᵀ + φ′(c)·∇²c,
 *   ∇c = (2e(1+2w|w|), 4|w|e²),  ∇²c = [[2(1+2w|w|), 8|w|e], [8|w|e, 4·sign(w)·e²]],
 *
 * φ′ = g1, φ″ = h1h0/(h1+h0) (see reduced.ts). This equals the Schur complement H_xx − H_xb H_bx / H_bb of the
 * free-bias Hessian at b*, i.e. it includes the implicit-function term from db* / d(e, w). See the file comment for w = 0.
 *
 * @example
 * canonicalHessian(0, 1, 0.9, 0.9); // [[2·3·0.2, 0], [0, 0]]: on e = 0 only ∂²L/∂e² survives
 */
export function canonicalHessian(e: number, w: number, p: number, q: number): Matrix2 {
  const c = logitGap(e, w);
  const d1 = reducedSlope(c, p, q);
  const d2 = reducedCurvature(c, p, q);
  const aw = Math.abs(w);
  const k = 1 + 2 * w * aw;
  const ce = 2 * e * k;
  const cw = 4 * aw * e * e;
  const cee = 2 * k;
  const cew = 8 * aw * e;
  const cww = 4 * Math.sign(w) * e * e;
  const hew = d2 * ce * cw + d1 * cew;
  return [
    [d2 * ce * ce + d1 * cee, hew],
    [hew, d2 * cw * cw + d1 * cww],
  ];
}

/**
 * Hessian of L(e, w, b) with a free bias, over (e, w, b):
 *
 *   ∇²L = h1·a1a1ᵀ + h0·a0a0ᵀ + g1·∇²f1 + g0·∇²f0,
 *   a1 = ∇f1 = (e(1+4w|w|), 4|w|e², 1), a0 = ∇f0 = (−e, 0, 1),
 *   ∇²f1 = [[1+4w|w|, 8|w|e, 0], [8|w|e, 4·sign(w)·e², 0], [0, 0, 0]], ∇²f0 = diag(−1, 0, 0),
 *
 * with g_i = ∂L/∂f_i and h_i = π_i σ′(f_i). See the file comment for w = 0.
 *
 * @example
 * canonicalHessianWithBias(0.5, -1, 0, 0.5, 0.8); // 3×3, symmetric
 */
export function canonicalHessianWithBias(e: number, w: number, b: number, p: number, q: number): Matrix3 {
  const { f0, f1 } = logits(e, w, b);
  const [pi0, pi1] = stationary(p, q);
  const g1 = pi1 * (sigmoid(f1) - (1 - q));
  const g0 = pi0 * (sigmoid(f0) - p);
  const h1 = pi1 * sigmoidSlope(f1);
  const h0 = pi0 * sigmoidSlope(f0);
  const aw = Math.abs(w);
  const m = w * aw;
  const a1 = [e * (1 + 4 * m), 4 * aw * e * e, 1];
  const a0 = [-e, 0, 1];
  const H: number[][] = [];
  for (let i = 0; i < 3; i++) H.push([0, 0, 0]);
  H[0][0] = g1 * (1 + 4 * m) - g0;
  H[0][1] = g1 * 8 * aw * e;
  H[1][1] = g1 * 4 * Math.sign(w) * e * e;
  // Upper triangle, then mirror: keeps H exactly symmetric in floating point.
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      H[i][j] += h1 * (a1[i] * a1[j]) + h0 * (a0[i] * a0[j]);
      H[j][i] = H[i][j];
    }
  }
  return [
    [H[0][0], H[0][1], H[0][2]],
    [H[1][0], H[1][1], H[1][2]],
    [H[2][0], H[2][1], H[2][2]],
  ];
}

/**
 * Eigenvalues [λ_min, λ_max] of a symmetric 2×2 matrix (closed form, cancellation-free discriminant).
 *
 * @example
 * symmetricEigenvalues2([[2, 0], [0, -1]]); // [−1, 2]
 */
export function symmetricEigenvalues2(H: Matrix2): [number, number] {
  const a = H[0][0];
  const d = H[1][1];
  const b = H[0][1];
  assertFinite("H[0][0]", a);
  assertFinite("H[0][1]", b);
  assertFinite("H[1][1]", d);
  const mean = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  return [mean - r, mean + r];
}

/**
 * The Hessian of a scalar f(e, w) from central second differences of f alone (no derivative formula), step h:
 * ∂²f/∂e² ≈ [f(e+h) − 2f + f(e−h)]/h², ∂²f/∂e∂w ≈ [f(+,+) − f(+,−) − f(−,+) + f(−,−)]/(4h²). Error O(h²) plus
 * rounding ≈ 4ε|f|/h² (ε = 2.2e-16): h = 1e-4 gives ≈ 1e-7 for |f| ≈ 1. Used to classify critical points of
 * canonicalLoss independently of the closed form above (notebook 02). f must be twice differentiable on the
 * stencil: w|w| is not at w = 0, so keep |w| > h there.
 *
 * @example
 * finiteDifferenceHessian2((e, w) => e * e - 3 * e * w, 0.5, 1, 1e-4); // ≈ [[2, −3], [−3, 0]]
 */
export function finiteDifferenceHessian2(f: (e: number, w: number) => number, e: number, w: number, h: number): Matrix2 {
  assertFinite("e", e);
  assertFinite("w", w);
  if (!(h > 0 && Number.isFinite(h))) throw new RangeError(`h must be a finite step > 0, got ${h}`);
  const f0 = f(e, w);
  const fee = (f(e + h, w) - 2 * f0 + f(e - h, w)) / (h * h);
  const fww = (f(e, w + h) - 2 * f0 + f(e, w - h)) / (h * h);
  const few = (f(e + h, w + h) - f(e + h, w - h) - f(e - h, w + h) + f(e - h, w - h)) / (4 * h * h);
  return [[fee, few], [few, fww]];
}
