/**
 * Evenly spaced grids for figures and sweeps.
 *
 * @example
 * linspace(-3, 3, 7);            // [-3, -2, -1, 0, 1, 2, 3]
 * gridPoints([-1, 1], [0, 1]);   // Float64Array [-1, 0, -1, 1, 1, 0, 1, 1] as (x, y) pairs
 */
import { assertFinite, assertFiniteArray, assertInteger } from "./validate";

/** n evenly spaced numbers from a to b inclusive; the ends are exact. */
export function linspace(a: number, b: number, n: number): number[] {
  assertFinite("a", a);
  assertFinite("b", b);
  assertInteger("n", n, 2);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) * i) / (n - 1)));
}

/** All (x, y) pairs with x from xs (outer) and y from ys (inner), flattened; every coordinate must be finite. */
export function gridPoints(xs: readonly number[], ys: readonly number[]): Float64Array {
  assertFiniteArray("xs", xs);
  assertFiniteArray("ys", ys);
  const out = new Float64Array(2 * xs.length * ys.length);
  let k = 0;
  for (const x of xs) for (const y of ys) {
    out[k++] = x;
    out[k++] = y;
  }
  return out;
}

/** z[i][j] = f(xs[j], ys[i]) — rows follow y, as Plotly's heatmap and contour expect; xs, ys finite. */
export function evaluateGrid(xs: readonly number[], ys: readonly number[], f: (x: number, y: number) => number | null): (number | null)[][] {
  assertFiniteArray("xs", xs);
  assertFiniteArray("ys", ys);
  if (typeof f !== "function") throw new TypeError(`f must be a function, got ${typeof f}`);
  return ys.map((y) => xs.map((x) => f(x, y)));
}
