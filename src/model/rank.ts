/**
 * How close a weight matrix is to rank one: the fraction of its energy in the top singular value,
 * σ₁² / Σ σᵢ² (1 for a rank-one matrix; the paper's Fig. 3 tracks it for W1 and W_V).
 *
 * @example
 * energyFraction(Float64Array.of(1, 2, 2, 4), 2, 2); // 1 (rank one)
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { assertInteger } from "../runtime/validate";

export function energyFraction(a: ArrayLike<number>, rows: number, cols: number): number {
  assertInteger("rows", rows);
  assertInteger("cols", cols);
  if (a.length !== rows * cols) throw new RangeError(`a must have rows × cols = ${rows} × ${cols} entries, got ${a.length}`);
  const m = new Matrix(rows, cols);
  let total = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const v = a[r * cols + c];
    if (!Number.isFinite(v)) throw new RangeError(`a[${r * cols + c}] (entry (${r}, ${c})) must be a finite number, got ${v}`);
    m.set(r, c, v);
    total += v * v;
  }
  if (total === 0) throw new RangeError("a must not be a zero matrix: its energy fraction is undefined");
  if (!Number.isFinite(total)) throw new RangeError("a's energy Σ aᵢ² overflows float64: rescale the matrix first (the fraction does not change)"); // was NaN
  const s = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
  return (s[0] * s[0]) / total;
}
