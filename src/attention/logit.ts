/**
 * The logit of the reconstructed (e, w, a) model — the note's §8 proposal, RECONSTRUCTED, not the paper's
 * model (whose definition of L(e, w, a) was not found).
 *
 * Derivation from the §2 architecture and the §7(a) embedding (unit u ∈ R^d, v ∈ R^{4d} with v ≥ 0 and
 * ‖v‖² = 4; `transformer.ts` runs the literal network and the notebook checks the two agree):
 *
 * - embedding x̃_i = x_i·e·u + p_i with p_i = −(e/2)u, so x̃_i = e(x_i − ½)u;
 * - attention with W_Q = W_K = 0 (so softmax weights 1/n over i ≤ n), W_V = a·u uᵀ, W_O = I:
 *   output a·e·(x̄_n − ½)·u — the same order in e as the skip path, so a does NOT multiply e²;
 *   y_n = e·s_n·u with s_n = (x_n − ½) + a(x̄_n − ½);
 * - FFN W1 = |w|·v uᵀ, W2 = w·u vᵀ: W2 ReLU(W1 y_n) = 4w|w|·max(e s_n, 0)·u;
 * - tied head ⟨e u, z_n⟩ + b: logit_n = e²s_n + 4w|w|·e·max(e s_n, 0) + b, i.e.
 *   e ≥ 0: e²[s_n + 4w|w|·max(s_n, 0)] + b;  e < 0: e²[s_n + 4w|w|·min(s_n, 0)] + b
 *   (e·max(e s, 0) = e²·min(s, 0) when e < 0).
 *
 * At a = 0, s_n = x_n − ½ and the logit gap is f1 − f0 = e²(1 + 2w|w|): the canonical model of §3.1.
 */
import { assertFinite } from "../markov/validate";

/**
 * s_n = (x_n − ½) + a(x̄_n − ½): the scalar coordinate of y_n / e along u (§8 reconstruction); x ∈ {0, 1},
 * x̄ ∈ [0, 1], a finite.
 *
 * @example
 * attentionScore(1, 0.75, 2); // 0.5 + 2·0.25 = 1
 */
export function attentionScore(x: number, xbar: number, a: number): number {
  checkSymbol(x, xbar);
  assertFinite("a", a);
  return score(x, xbar, a);
}

function score(x: number, xbar: number, a: number): number {
  return x - 0.5 + a * (xbar - 0.5);
}

function checkSymbol(x: number, xbar: number): void {
  if (x !== 0 && x !== 1) throw new RangeError(`x must be 0 or 1, got ${String(x)}`);
  if (!(xbar >= 0 && xbar <= 1)) throw new RangeError(`xbar must be in [0, 1], got ${String(xbar)}`);
}

/**
 * logit_n = e²[s + 4w|w|·max(s, 0)] + b for e ≥ 0 and e²[s + 4w|w|·min(s, 0)] + b for e < 0, with
 * s = (x − ½) + a(x̄ − ½) (§8 reconstruction; derived in the file comment). x ∈ {0, 1}, x̄ ∈ [0, 1].
 *
 * @example
 * attentionLogit(1, 1, 0, 0, 1, 1);  // e²(½ + 4·½) = 2.5: f1 − f0 = e²(1 + 2w|w|) = 3 at a = 0
 * attentionLogit(1, 1, 0, 0, 0, 0);  // −0.5
 */
export function attentionLogit(e: number, w: number, a: number, b: number, x: number, xbar: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFinite("b", b);
  checkSymbol(x, xbar);
  const s = score(x, xbar, a);
  const r = e >= 0 ? Math.max(s, 0) : Math.min(s, 0);
  return e * e * (s + 4 * w * Math.abs(w) * r) + b;
}
