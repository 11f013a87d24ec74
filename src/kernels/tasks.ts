/**
 * Two seeded synthetic sequence-classification tasks standing in for the paper's benchmarks
 * (IMDb reviews and Pathfinder, both of the Long Range Arena kind), small enough for a CPU:
 *
 * - `pathfinderLike`: a g×g grid flattened row by row (n = g²), tokens 0 = empty, 1 = path,
 *   2 = one of the two marked endpoints; label 1 iff the endpoints are joined by path cells
 *   (4-neighbour connectivity, decided by breadth-first search). Cells are path with probability
 *   `density`; classes are balanced by rejection.
 * - `sentimentLike`: tokens 0–5 "positive words", 6–11 "negative words", 12–17 neutral, 18 "not";
 *   a word's polarity is flipped by a "not" right before it; label 1 iff the signed count is > 0
 *   (ties are redrawn); classes balanced by rejection.
 *
 * @example
 * const task = pathfinderLike(512, rng.fork("train"), { size: 6 });
 * task.tokens.length === 512 * 36; task.labels.length === 512;
 */
import type { Rng } from "../runtime/rng";
import { assertInteger } from "../runtime/validate";

export interface TaskData {
  /** count×n token ids. */
  tokens: Int32Array;
  labels: Uint8Array;
  n: number;
  vocab: number;
}

function assertCount(count: number): void {
  if (!(Number.isInteger(count) && count >= 2 && count % 2 === 0)) throw new RangeError(`count must be an even integer ≥ 2, got ${count}`);
}

function pick(rng: Rng, k: number): number {
  return Math.min(k - 1, Math.floor(rng.uniform() * k));
}

/** Whether cells a and b of a g×g grid are joined through cells with grid[c] ≠ 0. */
export function gridConnected(grid: ArrayLike<number>, g: number, a: number, b: number): boolean {
  const seen = new Uint8Array(g * g), queue = [a];
  seen[a] = 1;
  while (queue.length) {
    const c = queue.pop()!;
    if (c === b) return true;
    const r = Math.floor(c / g), col = c % g;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const rr = r + dr, cc = col + dc;
      if (rr < 0 || rr >= g || cc < 0 || cc >= g) continue;
      const nb = rr * g + cc;
      if (!seen[nb] && grid[nb] !== 0) {
        seen[nb] = 1;
        queue.push(nb);
      }
    }
  }
  return false;
}

export function pathfinderLike(count: number, rng: Rng, options: { size?: number; density?: number } = {}): TaskData {
  assertCount(count);
  const g = options.size ?? 6, density = options.density ?? 0.5;
  assertInteger("size", g, 3);
  if (!(density > 0 && density < 1)) throw new RangeError(`density must be in (0, 1), got ${density}`);
  const n = g * g, tokens = new Int32Array(count * n), labels = new Uint8Array(count);
  const want = [count / 2, count / 2];
  let filled = 0;
  for (let tries = 0; filled < count; tries++) {
    if (tries > 10000 * count) throw new RangeError(`pathfinderLike: could not balance the classes at density ${density}`);
    const grid = new Int32Array(n);
    for (let c = 0; c < n; c++) grid[c] = rng.uniform() < density ? 1 : 0;
    const a = pick(rng, n);
    let b = pick(rng, n - 1);
    if (b >= a) b++;
    grid[a] = 2;
    grid[b] = 2;
    const label = gridConnected(grid, g, a, b) ? 1 : 0;
    if (want[label] === 0) continue;
    want[label]--;
    tokens.set(grid, filled * n);
    labels[filled++] = label;
  }
  return { tokens, labels, n, vocab: 3 };
}

export function sentimentLike(count: number, rng: Rng, options: { length?: number } = {}): TaskData {
  assertCount(count);
  const n = options.length ?? 20;
  assertInteger("length", n, 2);
  const tokens = new Int32Array(count * n), labels = new Uint8Array(count);
  const want = [count / 2, count / 2];
  const seq = new Int32Array(n);
  let filled = 0;
  for (let tries = 0; filled < count; tries++) {
    if (tries > 10000 * count) throw new RangeError("sentimentLike: could not balance the classes");
    let score = 0;
    for (let k = 0; k < n; k++) {
      const u = rng.uniform();
      seq[k] = u < 0.1 ? 18 : u < 0.3 ? pick(rng, 6) : u < 0.5 ? 6 + pick(rng, 6) : 12 + pick(rng, 6);
      const pol = seq[k] < 6 ? 1 : seq[k] < 12 ? -1 : 0;
      score += k > 0 && seq[k - 1] === 18 ? -pol : pol;
    }
    if (score === 0) continue;
    const label = score > 0 ? 1 : 0;
    if (want[label] === 0) continue;
    want[label]--;
    tokens.set(seq, filled * n);
    labels[filled++] = label;
  }
  return { tokens, labels, n, vocab: 19 };
}
