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
  const rx = ranks(xs), ry = ranks(ys);
  const m = (rx.length + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
