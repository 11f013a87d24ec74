import { describe, expect, it } from "vitest";
import { basinOf, canonicalGradient, E_SAD, energy, limitOf } from "../src/canonical/index";
import { canonicalFlowField } from "../src/canonical/field";
import { gradientFlow } from "../src/canonical/gradient-flow";
import { integrateBatch } from "../src/flows/batch";
import { dopri5, gradientDescent, rk4 } from "../src/flows/ode";
import { closePool, integrateMany } from "../src/flows/parallel";
import { createRng } from "../src/runtime/rng";
import { PAPER_PQ } from "./support/flow";

const decay = (y: Float64Array, dy: Float64Array) => {
  dy[0] = -y[0];
};
const oscillator = (y: Float64Array, dy: Float64Array) => {
  dy[0] = y[1];
  dy[1] = -y[0];
};
const PQ = PAPER_PQ;

describe("integrators", () => {
  it("dopri5 meets its tolerance on ẏ = −y and on the harmonic oscillator", () => {
    const r = dopri5(decay, [1], { tMax: 5, gradTol: 1e-30, rtol: 1e-10, atol: 1e-14 });
    expect(r.outcome).toBe("time-limit");
    expect(Math.abs(r.y[0] - Math.exp(-5)) / Math.exp(-5)).toBeLessThan(1e-8);
    const o = dopri5(oscillator, [1, 0], { tMax: 10, rtol: 1e-10, atol: 1e-12, gradTol: 1e-30 });
    expect(o.outcome).toBe("time-limit");
    expect(o.t).toBe(10);
    expect(Math.hypot(o.y[0] - Math.cos(10), o.y[1] + Math.sin(10))).toBeLessThan(1e-8);
  });

  it("reports each way of stopping as its own outcome", () => {
    expect(dopri5(decay, [1], { gradTol: 1e-6 }).outcome).toBe("converged");
    expect(dopri5(oscillator, [1, 0], { tMax: 5 }).outcome).toBe("time-limit");
    const blow = dopri5((y, dy) => { dy[0] = y[0] * y[0]; }, [1], { tMax: 10 }); // y = 1/(1 − t) blows up at t = 1
    expect(blow.outcome).toBe("blow-up");
    expect(Math.abs(blow.t - 1)).toBeLessThan(1e-3);
    expect(dopri5(oscillator, [1, 0], { tMax: 1000, maxSteps: 10 }).outcome).toBe("max-steps");
    expect(rk4(decay, [1], 0.1, { gradTol: 1e-3 }).outcome).toBe("converged");
    expect(rk4(oscillator, [1, 0], 0.1, { tMax: 1 }).outcome).toBe("time-limit");
    expect(gradientDescent((y, dy) => { dy[0] = y[0]; }, [1], 0.5, { blowUp: 1e6 }).outcome).toBe("blow-up");
  });

  it("rk4 is fourth order: halving dt divides the error by about 16", () => {
    const err = (dt: number) => Math.abs(rk4(oscillator, [1, 0], dt, { tMax: 2, gradTol: 1e-30 }).y[0] - Math.cos(2));
    const ratio = err(0.1) / err(0.05);
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
  });

  it("gradient descent is the Euler map y ← y − η∇L", () => {
    const r = gradientDescent((y, dy) => { dy[0] = -2 * y[0]; }, [1], 0.1, { gradTol: 1e-6 });
    expect(r.y[0]).toBeCloseTo(Math.pow(0.8, r.steps), 15);
    expect(r.t).toBeCloseTo(0.1 * r.steps, 12);
  });

  it("records time-stamped trajectories and rejects bad input by name", () => {
    const r = dopri5(decay, [1], { gradTol: 1e-3, record: true });
    expect(r.times?.[0]).toBe(0);
    expect(r.times?.length).toBe(r.steps + 1);
    expect(r.states?.length).toBe(r.steps + 1);
    expect(() => dopri5(decay, [NaN])).toThrow(/y0\[0\] is NaN/);
    expect(() => dopri5(decay, [1], { rtol: 0 })).toThrow(/rtol/);
    expect(() => rk4(decay, [1], -1)).toThrow(/dt/);
    expect(() => gradientDescent(decay, [1], 0)).toThrow(/eta/);
    expect(() => canonicalFlowField(1.2, 0.5)).toThrow(/p must be in \(0, 1\)/);
  });

  it("rejects every step and stopping option that would hang, run backwards or burn the budget, by name", () => {
    // Before: h0 = NaN or hMax = NaN looped forever, h0 < 0 integrated backwards into "blow-up",
    // h0 = 0 or hMax = 0 burned a million steps.
    const bad = [NaN, Infinity, -Infinity, 0, -0.1];
    for (const v of bad) {
      for (const k of ["h0", "hMax", "rtol", "tMax", "gradTol"] as const) {
        expect(() => dopri5(decay, [1], { tMax: 1, [k]: v }), `${k} = ${v}`).toThrow(new RegExp(`^${k} must be a finite number > 0, got ${v}`));
      }
      expect(() => rk4(decay, [1], v), `dt = ${v}`).toThrow(/^dt must be a finite number > 0/);
      expect(() => gradientDescent(decay, [1], v), `eta = ${v}`).toThrow(/^eta \(the learning rate\) must be a finite number > 0/);
    }
    for (const v of [NaN, Infinity, -1]) expect(() => dopri5(decay, [1], { atol: v }), `atol = ${v}`).toThrow(/^atol must be a finite number >= 0/);
    for (const v of [NaN, 0, -1]) expect(() => rk4(decay, [1], 0.1, { blowUp: v }), `blowUp = ${v}`).toThrow(/^blowUp must be a number > 0/);
    for (const v of [NaN, 0, 2.5, -3, Infinity]) expect(() => rk4(decay, [1], 0.1, { maxSteps: v }), `maxSteps = ${v}`).toThrow(/^maxSteps must be an integer >= 1/);
    // What stays allowed: atol = 0, no blow-up bound.
    expect(dopri5(decay, [1], { atol: 0, tMax: 1 }).outcome).toBe("time-limit");
    expect(rk4(decay, [1], 0.1, { blowUp: Infinity, tMax: 1 }).outcome).toBe("time-limit");
  });
});

describe("outcomes name the real cause (issue #20 item 3)", () => {
  it("a component that stays exactly 0 under atol = 0 is no reason to stop (was max-steps at t = 0)", () => {
    const r = gradientFlow(0.5, 0, 0.2, 0.3, { atol: 0 });
    const ref = gradientFlow(0.5, 0, 0.2, 0.3, { atol: 1e-12 });
    expect(r.outcome).toBe("converged");
    expect(ref.outcome).toBe("converged");
    expect(r.y[1]).toBe(0);
    expect(Math.abs(r.y[0] - ref.y[0])).toBeLessThan(1e-6);
  });

  it("refuses a relative tolerance float64 cannot meet (was max-steps after 3 steps)", () => {
    expect(() => dopri5(decay, [1], { rtol: 1e-300 })).toThrow(/rtol = 1e-300 is below what float64 can meet/);
    expect(dopri5(decay, [1], { rtol: 1e-13, atol: 1e-16, tMax: 1 }).outcome).toBe("time-limit");
  });

  it("a start at 1e300 with blow-up detection off is integrated, not a blow-up at t = 0", () => {
    const both = (y: Float64Array, dy: Float64Array) => { dy[0] = -y[0]; dy[1] = -y[1]; };
    const r = dopri5(both, [1e300, 1e300], { blowUp: Infinity });
    expect(r.outcome).toBe("converged");
    expect(r.t).toBeGreaterThan(690);
    const g = gradientDescent(both, [1e300, 1e300], 0.5, { blowUp: Infinity });
    expect(g.outcome).toBe("converged");
  });

  it("says step-underflow, non-finite-field or max-steps, with the numbers in detail", () => {
    const square = (y: Float64Array, dy: Float64Array) => { dy[0] = y[0] * y[0]; };
    const off = dopri5(square, [1], { tMax: 10, blowUp: Infinity });
    expect(off.outcome).toBe("step-underflow");
    expect(off.detail).toMatch(/step fell to .* at t = 1/);
    const nan = dopri5((y, dy) => { dy[0] = y[0] > 0.5 ? NaN : 1; }, [0], { tMax: 10, blowUp: Infinity });
    expect(nan.outcome).toBe("non-finite-field");
    expect(nan.detail).toMatch(/f is not finite/);
    expect(dopri5(decay, [1], { blowUp: Infinity, maxSteps: 2, gradTol: 1e-30 }).detail).toMatch(/maxSteps = 2 ran out/);
    expect(dopri5(square, [1], { tMax: 10 }).detail).toMatch(/\|y\|∞ = .* > blowUp = 1\.00e\+8/);
    expect(rk4((y, dy) => { dy[0] = NaN; }, [1], 0.1).outcome).toBe("non-finite-field");
  });
});

describe("gradientFlow (the public one-start integrator)", () => {
  it("ends on Γ* from the June point for p = q = 0.9, on e = 0 from (0.3, −1) for p = q = 0.1", () => {
    const a = gradientFlow(0.5, -1, 0.9, 0.9);
    expect(a.outcome).toBe("converged");
    expect(limitOf(a.y[0], a.y[1], 0.9, 0.9)).toBe("global");
    const b = gradientFlow(0.3, -1, 0.1, 0.1, { record: true });
    expect(limitOf(b.y[0], b.y[1], 0.1, 0.1)).toBe("local");
    expect(b.times?.length).toBe(b.steps + 1);
    expect(() => gradientFlow(NaN, 1, 0.5, 0.5)).toThrow(/e0/);
    expect(() => gradientFlow(1, 1, 0, 0.5)).toThrow(/p must be in/);
  });
});

describe("the canonical flow field", () => {
  it("equals −∇L of the reference canonicalGradient to 1e-12, out to large logit gaps", () => {
    const rng = createRng(99);
    const dy = new Float64Array(2);
    let worst = 0;
    for (const [p, q] of [...PQ, [0.3, 0.05] as [number, number], [0.02, 0.97] as [number, number]]) {
      const f = canonicalFlowField(p, q);
      for (let i = 0; i < 2000; i++) {
        const scale = i < 1000 ? 3 : 30; // the second half reaches |c| in the thousands
        const e = scale * (2 * rng.uniform() - 1), w = scale * (2 * rng.uniform() - 1);
        f(Float64Array.of(e, w), dy);
        const [ge, gw] = canonicalGradient(e, w, p, q);
        const n = Math.hypot(ge, gw);
        if (n === 0) continue;
        worst = Math.max(worst, Math.hypot(dy[0] + ge, dy[1] + gw) / n);
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });
});

describe("Lemma 1 along adaptive trajectories", () => {
  it("conserves E(e, w) to 1e-9 relative (DOPRI5, rtol 1e-12)", () => {
    let worst = 0;
    for (const [p, q] of PQ) {
      const f = canonicalFlowField(p, q);
      for (const [e0, w0] of [[0.5, -1], [1, -0.5], [2, -2], [0.3, -1], [1.5, 1], [-2, 0.5], [0.2, -2.5], [2.5, 2.5]]) {
        const r = dopri5(f, [e0, w0], { rtol: 1e-12, atol: 1e-14, gradTol: 1e-9, tMax: 200, record: true });
        const E0 = energy(e0, w0);
        const states = r.states as number[];
        for (let k = 0; k < states.length / 2; k++) worst = Math.max(worst, Math.abs(energy(states[2 * k], states[2 * k + 1]) - E0) / Math.abs(E0));
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });
});

describe("many starts in parallel", () => {
  const rng = createRng(5);
  const n = 400;
  const starts = Float64Array.from({ length: 2 * n }, () => 6 * rng.uniform() - 3);
  const options = { rtol: 1e-8, atol: 1e-12, gradTol: 1e-8, tMax: 1000 };

  it("give exactly the serial results, in order", async () => {
    const serial = integrateBatch({ kind: "canonical", p: 0.9, q: 0.9 }, starts, 2, options);
    // Any number of threads: each start is integrated alone, so nothing is summed across threads.
    for (const workers of [1, 2, 3]) {
      const parallel = await integrateMany({ kind: "canonical", p: 0.9, q: 0.9 }, starts, 2, { ...options, workers });
      expect(Array.from(parallel.ends), `${workers} workers`).toEqual(Array.from(serial.ends));
      expect(Array.from(parallel.steps)).toEqual(Array.from(serial.steps));
      expect(parallel.outcomes.length).toBe(n);
    }
    closePool();
  }, 60_000);

  it("end where Theorem 2 says, for every start off the separatrix (p = q = 0.1 and 0.9)", async () => {
    for (const [p, q] of [[0.1, 0.1], [0.9, 0.9]]) {
      const r = await integrateMany({ kind: "canonical", p, q }, starts, 2, { ...options, workers: 0 });
      let agree = 0, compared = 0;
      for (let i = 0; i < n; i++) {
        const [e0, w0] = [starts[2 * i], starts[2 * i + 1]];
        if (Math.abs(energy(e0, w0) - E_SAD) < 1e-2 || r.outcomes[i] !== "converged") continue;
        compared++;
        if (limitOf(r.ends[2 * i], r.ends[2 * i + 1], p, q) === basinOf(e0, w0, p, q)) agree++;
      }
      expect(compared).toBeGreaterThan(0.7 * n);
      expect(agree).toBe(compared);
    }
  }, 60_000);

  it("reject non-finite starts by index", async () => {
    await expect(integrateMany({ kind: "canonical", p: 0.9, q: 0.9 }, Float64Array.of(0, 1, NaN, 0), 2)).rejects.toThrow(/start 1/);
  });
});
