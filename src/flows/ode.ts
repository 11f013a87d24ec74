/**
 * Integrators for autonomous flows ẏ = f(y) — here gradient flows ẏ = −∇L(y) — with the same
 * stopping rules everywhere, each reported as a distinct outcome:
 *
 * - `converged`: |f(y)| (= |∇L| for a gradient flow) fell below `gradTol`;
 * - `time-limit`: t reached `tMax`;
 * - `blow-up`: y left the ball |y|∞ ≤ `blowUp` or became non-finite;
 * - `max-steps`: the step budget `maxSteps` ran out;
 * - `step-underflow`: the adaptive step shrank below 1e-14·max(1, t) without meeting the tolerance
 *   (or without finding a trial point where f is finite);
 * - `non-finite-field`: f(y) is not finite at a finite y inside the ball.
 * `detail` says the same in words, with the numbers.
 *
 * Norms are scaled (no overflow for |y| up to 1e308, no 0/0 for a component that stays exactly 0
 * under a pure relative tolerance), and `rtol` below 100·ε (what float64 can meet, as SciPy's
 * bound) is refused with a RangeError.
 *
 * `dopri5` is the embedded Dormand–Prince 5(4) pair with absolute and relative tolerances
 * (the method behind SciPy's RK45 and MATLAB's ode45), `rk4` the classical fixed-step method, and
 * `gradientDescent` the Euler step y ← y + η f(y), i.e. plain GD with learning rate η.
 *
 * The loops allocate nothing per step: this is the inner loop of every basin figure.
 *
 * @example
 * // ẏ = −y from y(0) = 1: converges to 0.
 * const r = dopri5((y, dy) => { dy[0] = -y[0]; }, [1], { gradTol: 1e-10 });
 * r.outcome;   // "converged"
 * r.y[0];      // ≈ 1e-10
 */
import { assertInteger, assertNonNegative, assertPositive, assertPositiveOrInfinite } from "../runtime/validate";
import { allFinite, blowUpDetail, blownUp, errorNorm, fmt, norm2, ratio } from "./norms";

/** Writes f(y) into dy. */
export type Field = (y: Float64Array, dy: Float64Array) => void;

export type Outcome = "converged" | "time-limit" | "blow-up" | "max-steps" | "step-underflow" | "non-finite-field";

export interface StopRules {
  /** Stop when |f(y)|₂ < gradTol (default 1e-8). */
  gradTol?: number;
  /** Stop at this time (default 1000). */
  tMax?: number;
  /** Stop when max|y_i| exceeds this or y is not finite (default 1e8). */
  blowUp?: number;
  /** Step budget (default 1e6). */
  maxSteps?: number;
  /** Keep (t, y) at every accepted step (default false); memory grows with the steps. */
  record?: boolean;
}

export interface FlowResult {
  outcome: Outcome;
  /** Why it stopped, in words, e.g. "|y|∞ = 2.1e8 > blowUp = 1e8 at t = 0.99". */
  detail: string;
  /** End point. */
  y: Float64Array;
  /** End time. */
  t: number;
  steps: number;
  /** Field evaluations. */
  evaluations: number;
  /** |f(y)|₂ at the end point. */
  fieldNorm: number;
  /** With `record`: times and states (row-major, dim per row) of every accepted step, start included. */
  times?: number[];
  states?: number[];
}

export interface AdaptiveOptions extends StopRules {
  rtol?: number;
  atol?: number;
  /** First step (default: Hairer's estimate). */
  h0?: number;
  /** Largest step (default tMax). */
  hMax?: number;
}

const DEFAULTS = { gradTol: 1e-8, tMax: 1000, blowUp: 1e8, maxSteps: 1_000_000 };

/** The smallest rtol float64 can meet: 100·ε, SciPy's floor (it raises smaller ones with a warning; we refuse them). */
export const MIN_RTOL = 100 * Number.EPSILON;

/**
 * Checks the start and every stopping rule at the door: a NaN, zero or negative option would
 * otherwise loop forever (a NaN step never triggers a budget), integrate backwards, or burn the
 * whole step budget.
 */
function validateStart(y0: ArrayLike<number>, rules: StopRules): void {
  if (y0.length === 0) throw new RangeError("start point y0 is empty");
  for (let i = 0; i < y0.length; i++) if (!Number.isFinite(y0[i])) throw new RangeError(`start point y0[${i}] is ${y0[i]}`);
  checkStopRules(rules);
}

function checkStopRules(rules: StopRules): void {
  if (rules.gradTol !== undefined) assertPositive("gradTol", rules.gradTol);
  if (rules.tMax !== undefined) assertPositive("tMax", rules.tMax);
  if (rules.blowUp !== undefined) assertPositiveOrInfinite("blowUp", rules.blowUp);
  if (rules.maxSteps !== undefined) assertInteger("maxSteps", rules.maxSteps, 1);
}

/**
 * Checks every option `dopri5` takes (stopping rules, tolerances, steps), naming the bad one — for callers
 * that hand the options on to other threads or to many starts and want the error once, at their door.
 *
 * @example
 * checkAdaptiveOptions({ rtol: 1e-8, h0: NaN }); // throws RangeError("h0 must be a finite number > 0, got NaN")
 */
export function checkAdaptiveOptions(options: AdaptiveOptions): void {
  checkStopRules(options);
  checkStepOptions(options);
}

function checkStepOptions(options: AdaptiveOptions): void {
  if (options.rtol !== undefined) {
    assertPositive("rtol", options.rtol);
    // Before: rtol = 1e-300 ran 3 steps and stopped as "max-steps", with no hint that it cannot be met.
    if (options.rtol < MIN_RTOL) throw new RangeError(`rtol = ${options.rtol} is below what float64 can meet (100·ε ≈ ${MIN_RTOL.toExponential(2)}): each step's rounding alone exceeds it; use rtol ≥ ${MIN_RTOL.toExponential(2)}`);
  }
  if (options.atol !== undefined) assertNonNegative("atol", options.atol);
  if (options.h0 !== undefined) assertPositive("h0", options.h0);
  if (options.hMax !== undefined) assertPositive("hMax", options.hMax);
}

class Recorder {
  times: number[] = [];
  states: number[] = [];
  constructor(readonly on: boolean) {}
  push(t: number, y: Float64Array): void {
    if (!this.on) return;
    this.times.push(t);
    for (let i = 0; i < y.length; i++) this.states.push(y[i]);
  }
  attach(r: FlowResult): FlowResult {
    if (this.on) {
      r.times = this.times;
      r.states = this.states;
    }
    return r;
  }
}

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Table II.5.2).
// Module-local constants on purpose: an imported binding costs a property load at every use.
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;
// Error weights: 5th-order minus embedded 4th-order solution.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/**
 * Adaptive Dormand–Prince 5(4) with error control per component:
 * err = ‖(y5 − y4) / (atol + rtol·max(|y|, |y_new|))‖_rms ≤ 1. FSAL: 6 evaluations per step.
 */
export function dopri5(f: Field, y0: ArrayLike<number>, options: AdaptiveOptions = {}): FlowResult {
  validateStart(y0, options);
  const gradTol = options.gradTol ?? DEFAULTS.gradTol;
  const tMax = options.tMax ?? DEFAULTS.tMax;
  const blowUp = options.blowUp ?? DEFAULTS.blowUp;
  const maxSteps = options.maxSteps ?? DEFAULTS.maxSteps;
  checkStepOptions(options);
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-9;
  const hMax = options.hMax ?? tMax;
  const n = y0.length;
  const y = Float64Array.from(y0);
  const yn = new Float64Array(n), tmp = new Float64Array(n);
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const k5 = new Float64Array(n), k6 = new Float64Array(n), k7 = new Float64Array(n);
  const rec = new Recorder(!!options.record);
  let t = 0, steps = 0, evals = 1;
  f(y, k1);
  rec.push(t, y);
  let fn = norm2(k1);
  const done = (outcome: Outcome, detail: string): FlowResult => rec.attach({ outcome, detail, y, t, steps, evaluations: evals, fieldNorm: fn });
  const converged = () => done("converged", `|f(y)| = ${fmt(fn)} < gradTol = ${fmt(gradTol)} at t = ${fmt(t)}`);
  if (fn < gradTol) return converged();
  if (blownUp(y, blowUp)) return done("blow-up", blowUpDetail(y, blowUp, t));
  if (!Number.isFinite(fn)) return done("non-finite-field", `f(y) is not finite at the start (|f| = ${fn})`);

  let h = options.h0 ?? initialStep(f, y, k1, rtol, atol, tmp, yn);
  evals += options.h0 ? 0 : 1;
  h = Math.min(h, hMax);
  let rejectedLast = false;
  const sc = new Float64Array(n);
  const tooSmall = () => h < 1e-14 * Math.max(1, Math.abs(t));
  while (true) {
    if (steps >= maxSteps) return done("max-steps", `the step budget maxSteps = ${maxSteps} ran out at t = ${fmt(t)}`);
    let last = false;
    if (t + h >= tMax) {
      h = tMax - t;
      last = true;
    }
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * A21 * k1[i];
    f(tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
    f(tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(tmp, k4);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(tmp, k5);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    f(tmp, k6);
    for (let i = 0; i < n; i++) yn[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    f(yn, k7);
    evals += 6;
    for (let i = 0; i < n; i++) {
      sc[i] = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yn[i]));
      tmp[i] = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    }
    const err = errorNorm(tmp, sc);
    if (Number.isNaN(err) || !allFinite(yn) || !allFinite(k7)) {
      // The trial point left the domain where f is finite: shrink hard, or give up.
      h *= 0.1;
      if (tooSmall()) {
        // A trial point that grew past the bound (or to ±∞) is a blow-up; one made NaN by a NaN field is not.
        let grew = false;
        for (let i = 0; i < n; i++) if (Math.abs(yn[i]) > blowUp || Math.abs(yn[i]) === Infinity) grew = true;
        return grew
          ? done("blow-up", `a trial point left the ball: ${blowUpDetail(yn, blowUp, t + h)} (the step fell below 1e-14·max(1, t))`)
          : done("non-finite-field", `f is not finite at any trial point past t = ${fmt(t)}, down to step ${fmt(h)}`);
      }
      rejectedLast = true;
      continue;
    }
    if (err <= 1) {
      steps++;
      t = last ? tMax : t + h;
      for (let i = 0; i < n; i++) {
        y[i] = yn[i];
        k1[i] = k7[i];
      }
      rec.push(t, y);
      fn = norm2(k1);
      if (blownUp(y, blowUp)) return done("blow-up", blowUpDetail(y, blowUp, t));
      if (!Number.isFinite(fn)) return done("non-finite-field", `f(y) is not finite at t = ${fmt(t)}`);
      if (fn < gradTol) return converged();
      if (last) return done("time-limit", `t reached tMax = ${fmt(tMax)} with |f(y)| = ${fmt(fn)}`);
      const grow = err === 0 ? 5 : Math.min(5, 0.9 * Math.pow(err, -0.2));
      h = Math.min(hMax, h * (rejectedLast ? Math.min(1, grow) : grow));
      rejectedLast = false;
    } else {
      // err = ∞ (an error where the scale is 0: atol = 0 at a component that is 0) shrinks by the most, 0.2.
      h *= Math.max(0.2, 0.9 * Math.pow(err, -0.2));
      rejectedLast = true;
      if (tooSmall()) {
        const why = err === Infinity ? "a component that is 0 has a nonzero error and error scale 0 (atol = 0): give atol > 0" : `error norm ${fmt(err)} > 1 with rtol = ${fmt(rtol)}, atol = ${fmt(atol)}`;
        return done("step-underflow", `the step fell to ${fmt(h)} < 1e-14·max(1, t) at t = ${fmt(t)}: ${why}`);
      }
    }
  }
}

/** Hairer–Nørsett–Wanner's starting step (II.4), from one explicit Euler probe. */
function initialStep(f: Field, y: Float64Array, f0: Float64Array, rtol: number, atol: number, y1: Float64Array, f1: Float64Array): number {
  const n = y.length;
  let d0 = 0, d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d0 += ratio(y[i], sc) ** 2; // 0/0 (a zero component under atol = 0) counts 0
    d1 += ratio(f0[i], sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  for (let i = 0; i < n; i++) y1[i] = y[i] + h0 * f0[i];
  const probe = new Float64Array(n);
  f(y1, probe);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    d2 += ratio(probe[i] - f0[i], sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
  const h = Math.min(100 * h0, h1);
  return Number.isFinite(h) && h > 0 ? h : 1e-6;
}

/** Classical fixed-step Runge–Kutta 4 with step `dt`, same stopping rules. */
export function rk4(f: Field, y0: ArrayLike<number>, dt: number, rules: StopRules = {}): FlowResult {
  validateStart(y0, rules);
  assertPositive("dt", dt);
  return fixedStep(f, y0, dt, rules, (y, k1, out, tmp, k2, k3, k4) => {
    const n = y.length;
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * dt * k1[i];
    f(tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * dt * k2[i];
    f(tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i] + dt * k3[i];
    f(tmp, k4);
    for (let i = 0; i < n; i++) out[i] = y[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    return 3;
  });
}

/** Plain gradient descent on L when f = −∇L: y ← y + η f(y); "time" is steps × η. */
export function gradientDescent(f: Field, y0: ArrayLike<number>, eta: number, rules: StopRules = {}): FlowResult {
  validateStart(y0, rules);
  assertPositive("eta (the learning rate)", eta);
  return fixedStep(f, y0, eta, rules, (y, k1, out) => {
    for (let i = 0; i < y.length; i++) out[i] = y[i] + eta * k1[i];
    return 0;
  });
}

type Stepper = (y: Float64Array, k1: Float64Array, out: Float64Array, tmp: Float64Array, k2: Float64Array, k3: Float64Array, k4: Float64Array) => number;

function fixedStep(f: Field, y0: ArrayLike<number>, dt: number, rules: StopRules, step: Stepper): FlowResult {
  const gradTol = rules.gradTol ?? DEFAULTS.gradTol;
  const tMax = rules.tMax ?? DEFAULTS.tMax;
  const blowUp = rules.blowUp ?? DEFAULTS.blowUp;
  const maxSteps = rules.maxSteps ?? DEFAULTS.maxSteps;
  const n = y0.length;
  let y = Float64Array.from(y0);
  let out = new Float64Array(n);
  const k1 = new Float64Array(n), tmp = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const rec = new Recorder(!!rules.record);
  let t = 0, steps = 0, evals = 1;
  f(y, k1);
  rec.push(t, y);
  let fn = norm2(k1);
  const done = (outcome: Outcome, detail: string): FlowResult => rec.attach({ outcome, detail, y, t, steps, evaluations: evals, fieldNorm: fn });
  while (true) {
    if (blownUp(y, blowUp)) return done("blow-up", blowUpDetail(y, blowUp, t));
    if (!Number.isFinite(fn)) return done("non-finite-field", `f(y) is not finite at t = ${fmt(t)}`);
    if (fn < gradTol) return done("converged", `|f(y)| = ${fmt(fn)} < gradTol = ${fmt(gradTol)} at t = ${fmt(t)}`);
    if (t >= tMax - 1e-12 * dt) return done("time-limit", `t reached tMax = ${fmt(tMax)} with |f(y)| = ${fmt(fn)}`);
    if (steps >= maxSteps) return done("max-steps", `the step budget maxSteps = ${maxSteps} ran out at t = ${fmt(t)}`);
    evals += step(y, k1, out, tmp, k2, k3, k4);
    [y, out] = [out, y];
    steps++;
    t = steps * dt;
    f(y, k1);
    evals++;
    fn = norm2(k1);
    rec.push(t, y);
  }
}
