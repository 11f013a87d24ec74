/**
 * Theorem 1's "exactly these" on a grid (notebook 02): no critical point of L(e, w) away from
 * {e = 0} ∪ Γ*.
 *
 * A grid can miss a critical point between its nodes, but not one where the gradient is large
 * compared with how fast it can change: if ∇L(θ°) = 0 within a cell of the node θ, then
 * ‖∇L(θ)‖ ≲ ‖∇²L(θ)‖·h/√2. So a node at distance ≥ 4h from the critical set is *suspicious* when
 * ‖∇L‖ ≤ √2·‖∇²L‖_F·h (twice that margin); none means no critical point hides there, up to this
 * linearisation.
 *
 * The same test with Γ* left out of the critical set (distance to e = 0 only) must flag nodes next
 * to Γ*: that count is returned too, so a reader sees the test can fail.
 *
 * @example
 * const s = criticalSweep(0.1, 0.1, { n: 61 });
 * s.suspicious;             // 0
 * s.suspiciousWithoutGamma; // > 0: the nodes next to Γ*
 */
import { assertNotIid } from "../markov/validate";
import { linspace } from "../runtime/grid";
import { gammaStarPoints } from "./critical";
import { cStar } from "./cstar";
import { gradientNorm } from "./gradient";
import { canonicalHessian } from "./hessian";

export interface CriticalSweepOptions {
  /** Grid nodes per side on [−half, half]² (an integer ≥ 3). */
  n: number;
  /** Half-width of the square (default 3). */
  half?: number;
  /** Distances δ for the table of the smallest ‖∇L‖ at distance ≥ δ (default 0.01, 0.03, 0.1, 0.3, 1). */
  deltas?: number[];
  /** Points of Γ* sampled per parameterisation (as a graph over w and over e; default 4000). */
  curvePoints?: number;
  /** Called after each grid row with (rows done, n). */
  onRow?: (done: number, total: number) => void;
}

export interface CriticalSweep {
  p: number;
  q: number;
  n: number;
  /** Grid spacing. */
  h: number;
  deltas: number[];
  /** Smallest ‖∇L‖ over nodes at distance ≥ δ from {e = 0} ∪ Γ* (distances capped at 1), one per δ. */
  minGrad: number[];
  /** Nodes at distance ≥ 4h from {e = 0} ∪ Γ*. */
  certified: number;
  /** Of those, nodes with ‖∇L‖ ≤ √2‖∇²L‖_F·h. */
  suspicious: number;
  /** Nodes at distance ≥ 4h from e = 0 alone (Γ* left out). */
  certifiedWithoutGamma: number;
  /** Of those, nodes with ‖∇L‖ ≤ √2‖∇²L‖_F·h: the nodes next to Γ*. */
  suspiciousWithoutGamma: number;
}

/** The grid test of "no critical point away from {e = 0} ∪ Γ*" for one (p, q); see the module comment. */
export function criticalSweep(p: number, q: number, options: CriticalSweepOptions): CriticalSweep {
  assertNotIid(p, q);
  const n = options.n;
  if (!Number.isInteger(n) || n < 3) throw new RangeError(`n must be an integer ≥ 3, got ${n}`);
  const half = options.half ?? 3;
  if (!(half > 0 && Number.isFinite(half))) throw new RangeError(`half must be > 0, got ${half}`);
  const deltas = options.deltas ?? [0.01, 0.03, 0.1, 0.3, 1];
  const curvePoints = options.curvePoints ?? 4000;
  if (!Number.isInteger(curvePoints) || curvePoints < 2) throw new RangeError(`curvePoints must be an integer ≥ 2, got ${curvePoints}`);
  const h = (2 * half) / (n - 1);
  const reach = half + 1;
  // Γ* sampled densely both as a graph over w and as a graph over e.
  const cs = cStar(p, q);
  const gs: [number, number][] = [];
  for (const { e, w } of gammaStarPoints(p, q, -reach, reach, curvePoints)) if (e < reach) gs.push([w, e], [w, -e]);
  for (const e of linspace(0.01, reach, curvePoints)) {
    const x = (cs / (e * e) - 1) / 2;
    const w = Math.sign(x) * Math.sqrt(Math.abs(x));
    if (Math.abs(w) < reach) gs.push([w, e], [w, -e]);
  }
  // A dense grid of cells of side s over the curve's box: the nearest curve point is found ring by
  // ring around the node's cell, stopping once every point left is farther than the best so far.
  const side = 0.1, lo = -reach - side, cells = Math.ceil((2 * (reach + side)) / side) + 1;
  const bucket: number[][] = Array.from({ length: cells * cells }, () => []);
  const cellOf = (x: number) => Math.min(cells - 1, Math.max(0, Math.floor((x - lo) / side)));
  gs.forEach(([w, e], k) => bucket[cellOf(w) * cells + cellOf(e)].push(k));
  /** Distance from (e, w) to the sampled Γ*, or `cap` when every point is at least that far. */
  const distanceToCurve = (e: number, w: number, cap: number) => {
    let best = cap;
    const ci = cellOf(w), cj = cellOf(e);
    for (let r = 0; r < cells; r++) {
      for (let i = ci - r; i <= ci + r; i++) {
        if (i < 0 || i >= cells) continue;
        const edge = i === ci - r || i === ci + r;
        for (let j = cj - r; j <= cj + r; j += edge ? 1 : 2 * r) {
          if (j < 0 || j >= cells) continue;
          for (const k of bucket[i * cells + j]) best = Math.min(best, Math.hypot(gs[k][0] - w, gs[k][1] - e));
        }
      }
      // every point of ring r + 1 or beyond is at least r·side away
      if (best <= r * side) break;
    }
    return best;
  };
  const minGrad = deltas.map(() => Infinity);
  let certified = 0, suspicious = 0, certifiedWithoutGamma = 0, suspiciousWithoutGamma = 0;
  const axis = linspace(-half, half, n);
  for (let i = 0; i < n; i++) {
    const e = axis[i];
    for (let j = 0; j < n; j++) {
      const w = axis[j];
      // distances beyond 1 are not needed
      const toAxis = Math.min(Math.abs(e), 1);
      const dist = distanceToCurve(e, w, toAxis);
      const g = gradientNorm(e, w, p, q);
      for (let k = 0; k < deltas.length; k++) if (dist >= deltas[k]) minGrad[k] = Math.min(minGrad[k], g);
      if (toAxis >= 4 * h) {
        const H = canonicalHessian(e, w, p, q);
        const flagged = g <= Math.SQRT2 * Math.hypot(H[0][0], H[0][1], H[1][0], H[1][1]) * h;
        certifiedWithoutGamma++;
        if (flagged) suspiciousWithoutGamma++;
        if (dist >= 4 * h) {
          certified++;
          if (flagged) suspicious++;
        }
      }
    }
    options.onRow?.(i + 1, n);
  }
  return { p, q, n, h, deltas, minGrad, certified, suspicious, certifiedWithoutGamma, suspiciousWithoutGamma };
}
