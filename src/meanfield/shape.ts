/**
 * The sizes of the paper's discrete transformer (Gao et al., §2): token dimension D, hidden width k
 * of the feed-forward encoder, depth L (layers t = 0, Δt, …, (L − 1)Δt with Δt = 1/L) and width M
 * (particles per layer); and where one particle's parameters sit in a flat array.
 *
 * A particle is (θ, w) with θ = (V, W), V, W ∈ R^{D×D} (attention, Eq. 2.1) and w = (W₁, W₂),
 * W₁ ∈ R^{k×D}, W₂ ∈ R^{D×k} (feed-forward, Eq. 2.2): P = 2D² + 2kD numbers, stored row-major in
 * the order V, W, W₁, W₂. All L·M particles are contiguous, layer-major: particle (l, j) starts at
 * (l·M + j)·P.
 *
 * @example
 * const s = meanFieldShape({ D: 5, k: 5, L: 4, M: 64 });
 * s.P;          // 100
 * s.offW1;      // 50
 */
import { assertInteger } from "../runtime/validate";

export interface MeanFieldShape {
  /** Token dimension (rows of H). */
  readonly D: number;
  /** Hidden width of the feed-forward encoder (our choice; the paper leaves it free). */
  readonly k: number;
  /** Depth: number of layers. */
  readonly L: number;
  /** Width: particles (heads) per layer. */
  readonly M: number;
  /** Numbers per particle: 2D² + 2kD. */
  readonly P: number;
  readonly offV: number;
  readonly offW: number;
  readonly offW1: number;
  readonly offW2: number;
}

/** Validates sizes (each an integer ≥ 1) and computes the particle layout. Errors name the argument. */
export function meanFieldShape(sizes: { D: number; k: number; L: number; M: number }): MeanFieldShape {
  const D = assertInteger("D", sizes.D);
  const k = assertInteger("k", sizes.k);
  const L = assertInteger("L", sizes.L);
  const M = assertInteger("M", sizes.M);
  const P = 2 * D * D + 2 * k * D;
  return { D, k, L, M, P, offV: 0, offW: D * D, offW1: 2 * D * D, offW2: 2 * D * D + k * D };
}

/** Number of parameters of the whole network, L·M·P. */
export function meanFieldParameterCount(s: MeanFieldShape): number {
  return s.L * s.M * s.P;
}

/** Throws unless `params` holds exactly L·M·P finite numbers. */
export function assertMeanFieldParams(s: MeanFieldShape, params: Float64Array, name = "params"): void {
  if (!(params instanceof Float64Array)) throw new TypeError(`${name} must be a Float64Array`);
  if (params.length !== meanFieldParameterCount(s)) {
    throw new RangeError(`${name} has ${params.length} numbers; shape (L = ${s.L}, M = ${s.M}, P = ${s.P}) needs ${meanFieldParameterCount(s)}`);
  }
  for (let i = 0; i < params.length; i++) {
    if (!Number.isFinite(params[i])) throw new RangeError(`${name}[${i}] is ${params[i]} (particle ${Math.floor(i / s.P)})`);
  }
}
