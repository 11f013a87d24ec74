/**
 * The size of an effect with its interval, for comparing two arms of runs: the book reports an
 * effect's interval instead of testing for "no effect" (which passes more easily the fewer the
 * runs).
 *
 * @example
 * proportionDifferenceInterval(21, 24, 4, 5); // { estimate: 0.075, lower: −0.26…, upper: 0.45… }
 */
import { wilsonInterval } from "./stats";

export interface EffectInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Newcombe's hybrid score interval (method 10, Newcombe 1998) for the difference p₁ − p₂ of two
 * independent binomial proportions k₁/n₁ and k₂/n₂, built from the two Wilson intervals:
 * lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²).
 * Inside [−1, 1], and defined at 0 or n successes.
 *
 * @throws RangeError when a count is not an integer in [0, n] or n < 1 (via wilsonInterval).
 */
export function proportionDifferenceInterval(k1: number, n1: number, k2: number, n2: number, z = 1.959963984540054): EffectInterval {
  const [l1, u1] = wilsonInterval(k1, n1, z);
  const [l2, u2] = wilsonInterval(k2, n2, z);
  const p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
  return {
    estimate: d,
    lower: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    upper: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
  };
}
