import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import { icrSample, meanFieldModel, meanFieldShape, meanFieldTeam, meanFieldVelocity, uniformBallLaw } from "../src/meanfield/index";

describe("a training step split over threads (meanFieldTeam)", () => {
  const rng = createRng(23);
  const sample = icrSample(rng.fork("data"), { n: 7, d: 2, N: 4 }); // 7 prompts: shares of 2 and 3 (3 threads)
  const shape = meanFieldShape({ D: 5, k: 3, L: 2, M: 4 });

  it("gives one thread's Q̂, E and velocity up to rounding, step after step, then closes", async () => {
    const model = meanFieldModel(shape, sample);
    const team = await meanFieldTeam(shape, sample, { threads: 3 });
    try {
      expect(team.threads).toBe(3);
      const θ = uniformBallLaw(rng.fork("init"), shape, 5);
      const v1 = new Float64Array(θ.length), v2 = new Float64Array(θ.length);
      for (let step = 0; step < 3; step++) {
        const [Q1, E1] = meanFieldVelocity(model, θ, 1e-2, v1);
        const [Q2, E2] = team.velocity(θ, 1e-2, v2);
        expect(Math.abs(Q2 - Q1) / Q1).toBeLessThan(1e-14);
        expect(Math.abs(E2 - E1) / E1).toBeLessThan(1e-13);
        let worst = 0, scale = 0;
        for (let i = 0; i < θ.length; i++) {
          worst = Math.max(worst, Math.abs(v1[i] - v2[i]));
          scale = Math.max(scale, Math.abs(v1[i]));
        }
        expect(worst / scale).toBeLessThan(1e-13);
        for (let i = 0; i < θ.length; i++) θ[i] -= 0.05 * v1[i]; // a new Θ each step: the workers must read it
      }
    } finally {
      team.close();
    }
    expect(() => team.velocity(new Float64Array(shape.P * 8), 0, new Float64Array(shape.P * 8))).toThrow(/closed/);
  });

  it("gives the same risk and gradient, bit for bit, on 1, 2 and 3 threads", async () => {
    // Before: each thread's share was a sum of its own, so the grouping (and the last bits) followed the thread count.
    const θ = uniformBallLaw(rng.fork("bits"), shape, 5);
    const answers: { risk: number; grad: number[] }[] = [];
    for (const threads of [1, 2, 3]) {
      const team = await meanFieldTeam(shape, sample, { threads });
      try {
        const grad = new Float64Array(θ.length);
        const risk = team.riskAndGradient(θ, grad);
        answers.push({ risk, grad: Array.from(grad) });
      } finally {
        team.close();
      }
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("refuses a thread count outside [1, n] and mismatched arrays, naming them", async () => {
    await expect(meanFieldTeam(shape, sample, { threads: 0 })).rejects.toThrow(/threads/);
    await expect(meanFieldTeam(shape, sample, { threads: 8 })).rejects.toThrow(/threads/);
    const team = await meanFieldTeam(shape, sample, { threads: 1 });
    try {
      expect(() => team.riskAndGradient(new Float64Array(3), new Float64Array(3))).toThrow(/params|numbers/);
      expect(() => team.riskAndGradient(new Float64Array(shape.P * 8), new Float64Array(3))).toThrow(/grad/);
    } finally {
      team.close();
    }
  });
});
