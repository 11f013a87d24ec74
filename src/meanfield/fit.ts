/**
 * Fits the notebook reads rates from: least-squares slopes on log–log axes, and Spearman's rank
 * correlation (for "decreases with M" claims that should not depend on a straight line).
 *
 * @example
 * logLogSlope([1, 2, 4], [1, 0.5, 0.25]).slope;   // −1
 * spearman([1, 2, 3], [3, 2, 1]);                 // −1
 */

/** Least squares log y = a + s log x; all values must be finite and > 0. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  if (xs.length !== ys.length) throw new RangeError(`xs (${xs.length}) and ys (${ys.length}) differ in length`);
  if (xs.length < 2) throw new RangeError("logLogSlope needs at least 2 points");
  xs.forEach((x, i) => {
    if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`xs[${i}] = ${x} is not a finite positive number`);
    if (!(ys[i] > 0 && Number.isFinite(ys[i]))) throw new RangeError(`ys[${i}] = ${ys[i]} is not a finite positive number`);
  });
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  if (sxx === 0) throw new RangeError("logLogSlope: all xs are equal");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let q = i; q <= j; q++) r[order[q][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (ties get average ranks). */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) throw new RangeError("spearman needs two samples of equal length ≥ 2");
  // Before: a NaN sorted anywhere and a constant sample gave 0/0 = NaN.
  xs.forEach((x, i) => { if (!Number.isFinite(x) || !Number.isFinite(ys[i])) throw new RangeError(`spearman: xs[${i}] = ${x}, ys[${i}] = ${ys[i]}; every value must be finite`); });
  const rx = ranks(xs), ry = ranks(ys);
  const m = (rx.length + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  if (sxx === 0 || syy === 0) throw new RangeError(`spearman: ${sxx === 0 ? "xs" : "ys"} is constant, so the rank correlation is undefined`);
  return sxy / Math.sqrt(sxx * syy);
}

/** y(t) of a recorded curve by linear interpolation (times increasing; clamped at the ends). */
function interpolate(ts: readonly number[], ys: readonly number[], t: number): number {
  if (t <= ts[0]) return ys[0];
  if (t >= ts[ts.length - 1]) return ys[ys.length - 1];
  let lo = 0, hi = ts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= t) lo = mid;
    else hi = mid;
  }
  if (ts[hi] === ts[lo]) return ys[hi]; // a time recorded twice: no 0/0
  const w = (t - ts[lo]) / (ts[hi] - ts[lo]);
  return ys[lo] + w * (ys[hi] - ys[lo]);
}

/**
 * sup over a's recorded times of |a(τ) − b(τ)|, b interpolated linearly onto a's times (so runs
 * whose steps were halved at different times still compare) — Theorem 3.1's sup_{s ≤ τ} gap.
 */
export function supGap(tauA: readonly number[], a: readonly number[], tauB: readonly number[], b: readonly number[]): number {
  if (tauA.length !== a.length || tauB.length !== b.length || a.length === 0 || b.length === 0) throw new RangeError("supGap: each curve needs as many times as values (≥ 1)");
  // Before: a NaN value or time was skipped by Math.max (a silent 0), and unsorted times interpolated garbage.
  const finite = (name: string, xs: readonly number[]) => xs.forEach((x, i) => { if (!Number.isFinite(x)) throw new RangeError(`supGap: ${name}[${i}] = ${x} is not finite`); });
  finite("tauA", tauA); finite("a", a); finite("tauB", tauB); finite("b", b);
  for (let i = 1; i < tauB.length; i++) if (tauB[i] < tauB[i - 1]) throw new RangeError(`supGap: tauB must not decrease, but tauB[${i}] = ${tauB[i]} follows ${tauB[i - 1]}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - interpolate(tauB, b, tauA[i])));
  return worst;
}
