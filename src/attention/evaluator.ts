/**
 * The allocation-free engine behind the population loss of the reconstructed (e, w, a) model (§8): it
 * holds scratch arrays sized to one `AttentionChain` and evaluates L, ∇L and b* as weighted sums over the
 * chain's precomputed cells.
 *
 * Per cell j (a value of (x_n, x̄_n)), with m = w|w|, s_j = (x_j − ½) + a·d_j and r = max(·, 0) for e ≥ 0,
 * min(·, 0) for e < 0:
 *
 *   z_j = e²(s_j + 4m·r(s_j))   (the logit without b),
 *   L = Σ_j w1_j·softplus(−(z_j + b)) + w0_j·softplus(z_j + b),
 *   G_j = ∂L/∂z_j = (w1_j + w0_j)σ(z_j + b) − w1_j,
 *   ∂L/∂b = Σ G_j,  ∂L/∂e = 2e·Σ G_j(s_j + 4m r_j),  ∂L/∂w = 8|w|e²·Σ G_j r_j,
 *   ∂L/∂a = e²·Σ G_j(1 + 4m·r′(s_j))·d_j.
 *
 * Kink convention: r′(s) = 1{s > 0} for e ≥ 0 and 1{s < 0} for e < 0, so r′(0) = 0 in every cell — in the
 * network this is ReLU′(0) = 0 (PyTorch's choice), the one-sided derivative of ReLU from the inactive side.
 * L is not differentiable in a where some cell has s_j = 0 (a = −(x_j − ½)/d_j: finitely many a for a given
 * N); there the returned value is this convention's, which need not equal either one-sided limit when
 * several cells kink at once. Everywhere else the formulas are exact. w|w| is C¹ (d(w|w|)/dw = 2|w|), so
 * w = 0 is no kink; at e = 0 both branches give z = 0 and the gradient is continuous.
 */
import { sigmoid, softplus } from "../canonical/numerics";
import { assertFinite } from "../markov/validate";
import type { AttentionChain } from "./chain";

/** Largest number of safeguarded Newton steps for b* (it needs 3–8 in practice). */
const MAX_BIAS_STEPS = 200;

/**
 * Scratch buffers and kernels for one chain. `set(e, w, a)` fills the per-cell logits; the other methods
 * then evaluate at any bias b. Not re-entrant: one evaluator per thread of computation.
 *
 * @example
 * const ev = new AttentionEvaluator(attentionChain(0.2, 0.3, 16));
 * ev.set(0.8, -0.3, 0.5);
 * const b = ev.optimalBias();
 * ev.loss(b); // L(e, w, a) = min_b L(e, w, a, b)
 */
export class AttentionEvaluator {
  readonly chain: AttentionChain;
  /** Per-cell logit without the bias, z_j. */
  private readonly z: Float64Array;
  /** Per-cell s_j + 4m·r(s_j) (so z_j = e²·h_j). */
  private readonly h: Float64Array;
  /** Per-cell r(s_j). */
  private readonly r: Float64Array;
  /** Per-cell (1 + 4m·r′(s_j))·d_j. */
  private readonly ha: Float64Array;
  private e = 0;
  private w = 0;
  private zMin = 0;
  private zMax = 0;
  private zMean = 0;

  constructor(chain: AttentionChain) {
    this.chain = chain;
    this.z = new Float64Array(chain.size);
    this.h = new Float64Array(chain.size);
    this.r = new Float64Array(chain.size);
    this.ha = new Float64Array(chain.size);
  }

  /** Loads θ = (e, w, a): computes the per-cell logits. Throws on a non-finite argument, naming it. */
  set(e: number, w: number, a: number): void {
    assertFinite("e", e);
    assertFinite("w", w);
    assertFinite("a", a);
    const { x, d, w1, w0, size } = this.chain;
    const e2 = e * e;
    const m4 = 4 * w * Math.abs(w);
    const useMax = e >= 0;
    let zMin = Infinity;
    let zMax = -Infinity;
    let zSum = 0;
    for (let j = 0; j < size; j++) {
      const s = x[j] - 0.5 + a * d[j];
      let r: number;
      let slope: number;
      if (useMax) {
        r = s > 0 ? s : 0;
        slope = s > 0 ? 1 : 0;
      } else {
        r = s < 0 ? s : 0;
        slope = s < 0 ? 1 : 0;
      }
      const h = s + m4 * r;
      const z = e2 * h;
      this.h[j] = h;
      this.r[j] = r;
      this.ha[j] = (1 + m4 * slope) * d[j];
      this.z[j] = z;
      if (z < zMin) zMin = z;
      if (z > zMax) zMax = z;
      zSum += (w1[j] + w0[j]) * z;
    }
    this.e = e;
    this.w = w;
    this.zMin = zMin;
    this.zMax = zMax;
    this.zMean = zSum; // the cell weights sum to 1
  }

  /** L(e, w, a, b) for the loaded θ, in nats (softplus form: no log 0, no overflow). */
  loss(b: number): number {
    assertFinite("b", b);
    const { w1, w0, size } = this.chain;
    let L = 0;
    for (let j = 0; j < size; j++) {
      const f = this.z[j] + b;
      L += w1[j] * softplus(-f) + w0[j] * softplus(f);
    }
    return L;
  }

  /**
   * b* = argmin_b L(e, w, a, b) for the loaded θ. L is strictly convex in b (∂²L/∂b² = Σ(w1+w0)σ′ > 0), and
   * ∂L/∂b = Σ(w1+w0)σ(z+b) − π̄1 changes sign on [logit(π̄1) − max z, logit(π̄1) − min z], so b* is unique.
   * Newton's method safeguarded by bisection on that bracket (rtsafe), started at logit(π̄1) − mean z;
   * deterministic (no warm start), so the result depends on θ only.
   */
  optimalBias(): number {
    const { w1, w0, size, mean1 } = this.chain;
    const base = Math.log(mean1) - Math.log1p(-mean1);
    let lo = base - this.zMax;
    let hi = base - this.zMin;
    if (!(hi > lo)) return base - this.zMin; // all logits equal (e.g. e = 0): b* = logit(π̄1) − z
    let b = Math.min(hi, Math.max(lo, base - this.zMean));
    for (let it = 0; it < MAX_BIAS_STEPS; it++) {
      let g = 0;
      let h = 0;
      for (let j = 0; j < size; j++) {
        const f = this.z[j] + b;
        const sg = sigmoid(f);
        const wt = w1[j] + w0[j];
        g += wt * sg - w1[j];
        h += wt * sg * (1 - sg);
      }
      if (g === 0) return b;
      if (g > 0) hi = b;
      else lo = b;
      let next = h > 0 ? b - g / h : NaN;
      const newton = next > lo && next < hi;
      if (!newton) next = lo + (hi - lo) / 2;
      const step = Math.abs(next - b);
      b = next;
      // Newton converges quadratically: after a Newton step of 1e-10 the error left is ~1e-20 (relative).
      const scale = Math.max(1, Math.abs(b));
      if ((newton && step <= 1e-10 * scale) || hi - lo <= 4e-16 * scale) return b;
    }
    return b;
  }

  /**
   * Writes [∂L/∂e, ∂L/∂w, ∂L/∂a, ∂L/∂b] at (loaded θ, b) into `out` (length ≥ 4); kink convention in the
   * file comment. At b = b* the first three are ∇L(e, w, a) by the envelope theorem (∂L/∂b = 0).
   */
  gradient(b: number, out: Float64Array | number[]): void {
    // Once per call, outside the loop: before, b = NaN gave a NaN gradient and a short `out` lost entries.
    assertFinite("b", b);
    if (out.length < 4) throw new RangeError(`out must have length >= 4, got ${out.length}`);
    const { w1, w0, size } = this.chain;
    let gb = 0;
    let ge = 0;
    let gw = 0;
    let ga = 0;
    for (let j = 0; j < size; j++) {
      const G = (w1[j] + w0[j]) * sigmoid(this.z[j] + b) - w1[j];
      gb += G;
      ge += G * this.h[j];
      gw += G * this.r[j];
      ga += G * this.ha[j];
    }
    const e = this.e;
    const e2 = e * e;
    out[0] = 2 * e * ge;
    out[1] = 8 * Math.abs(this.w) * e2 * gw;
    out[2] = e2 * ga;
    out[3] = gb;
  }
}

const cache = new WeakMap<AttentionChain, AttentionEvaluator>();

/**
 * The shared evaluator of a chain (one per chain object, created on first use), so the public loss
 * functions allocate nothing per call.
 *
 * @example
 * const ev = evaluatorFor(attentionChain(0.2, 0.3, 16));
 */
export function evaluatorFor(chain: AttentionChain): AttentionEvaluator {
  let ev = cache.get(chain);
  if (!ev) {
    ev = new AttentionEvaluator(chain);
    cache.set(chain, ev);
  }
  return ev;
}
