/**
 * The integrators' norms and stop messages, written to survive the edges of float64: norms that
 * neither overflow at |y| ≈ 1e300 nor read a component that stays exactly 0 as 0/0, and the words
 * each outcome's `detail` gives (ode.ts).
 *
 * @example
 * norm2(Float64Array.of(1e300, 1e300)); // 1.414e300 (the plain sum of squares overflows)
 */
/**
 * |v|₂ without overflow: rescaled by max|v_i| when the plain sum of squares overflows, so a
 * start at 1e300 has a finite field norm. Before, the squares overflowed and the start was
 * reported as a blow-up at t = 0 even with blow-up detection off. NaN if any entry is NaN.
 */
export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  if (Number.isFinite(s)) return Math.sqrt(s); // the usual case, unchanged
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (!(a <= m)) m = a; // NaN propagates into m
  }
  if (!Number.isFinite(m)) return m;
  s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] / m) * (v[i] / m);
  return m * Math.sqrt(s);
}

/**
 * RMS of e_i / sc_i, robust: a component whose error is exactly 0 counts 0 even where its scale is
 * 0 (a component that stays 0 under atol = 0: 0/0 used to read as "left the domain" and shrank the
 * step to underflow), and the mean of squares is taken on values scaled by their maximum.
 * Infinity when some e_i ≠ 0 has scale 0; NaN when some e_i is not finite.
 */
export function errorNorm(e: Float64Array, sc: Float64Array): number {
  const n = e.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    e[i] = e[i] === 0 ? 0 : e[i] / sc[i];
    s += e[i] * e[i];
  }
  if (Number.isFinite(s)) return Math.sqrt(s / n); // the usual case, as before
  return norm2(e) / Math.sqrt(n);
}

export function fmt(x: number): string {
  return Number.isFinite(x) && x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(6)));
}

function maxAbs(y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (!(Math.abs(y[i]) <= m)) m = Math.abs(y[i]);
  return m;
}

/** Why a finite-or-not state stopped as a blow-up: "y[1] = NaN" or "|y|∞ = … > blowUp = …". */
export function blowUpDetail(y: Float64Array, bound: number, t: number): string {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return `y[${i}] = ${y[i]} at t = ${fmt(t)}`;
  return `|y|∞ = ${fmt(maxAbs(y))} > blowUp = ${fmt(bound)} at t = ${fmt(t)}`;
}

export function blownUp(y: Float64Array, bound: number): boolean {
  for (let i = 0; i < y.length; i++) if (!(Math.abs(y[i]) <= bound)) return true; // NaN fails too
  return false;
}

export function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

export function ratio(a: number, b: number): number {
  return a === 0 ? 0 : a / b;
}
