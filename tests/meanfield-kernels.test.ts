import { describe, expect, it } from "vitest";
import { createRng } from "../src/runtime/rng";
import * as reference from "../src/meanfield/encoders";
import { unrolledEncoders } from "../src/meanfield/unrolled";

/**
 * The model runs the kernels compiled for its sizes (unrolled.ts); encoders.ts is the readable
 * reference. The finite-difference tests in meanfield.test.ts check the compiled ones through the
 * model; here both are run on the same random inputs and must agree to rounding, at sizes where
 * D, T and k differ (so a swapped index cannot hide) and at offsets ≠ 0 into larger buffers.
 */
describe("the compiled encoders agree with the reference kernels", () => {
  const rng = createRng(5);
  const fill = (n: number, label: string) => {
    const r = rng.fork(label);
    return Float64Array.from({ length: n }, () => 2 * r.uniform() - 1);
  };
  const close = (a: Float64Array, b: Float64Array) => {
    let worst = 0, scale = 0;
    for (let i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    expect(scale).toBeGreaterThan(0);
    return worst / scale;
  };

  for (const [D, T, k] of [[5, 7, 5], [5, 5, 5], [3, 4, 2], [6, 3, 7], [1, 1, 1], [12, 11, 10]]) {
    it(`D = ${D}, T = ${T}, k = ${k}`, () => {
      const kern = unrolledEncoders(D, T, k);
      const off = 3; // every array is read and written at an offset
      const Z = fill(off + D * T, `Z${D}${T}${k}`), θ = fill(off + 2 * D * D + 2 * k * D, `θ${D}${T}${k}`);
      const G = fill(off + D * T, `G${D}${T}${k}`);
      const pv = off, pw = off + D * D, p1 = off + 2 * D * D, p2 = p1 + k * D;
      const run = (impl: typeof reference | ReturnType<typeof unrolledEncoders>) => {
        const cache = { At: new Float64Array(off + T * T), WZ: new Float64Array(off + D * T), Y: new Float64Array(off + D * T) };
        const out = fill(off + D * T, `out${D}${T}${k}`), P = new Float64Array(off + k * T);
        const grad = new Float64Array(off + 2 * D * D + 2 * k * D), GZ = fill(off + D * T, `GZ${D}${T}${k}`);
        const s = reference.encoderScratch(D, T, k);
        impl.attentionAdd(D, T, Z, off, θ, pv, pw, 0.3, out, off, cache, off, off);
        impl.feedForwardAdd(D, k, T, Z, off, θ, p1, p2, 0.7, out, off, P, off);
        impl.attentionBackward(D, T, Z, off, cache, off, off, θ, pv, pw, 0.3, G, off, grad, pv, pw, GZ, off, s);
        impl.feedForwardBackward(D, k, T, Z, off, P, off, θ, p1, p2, 0.7, G, off, grad, p1, p2, GZ, off, s);
        return { out, P, grad, GZ, ...cache };
      };
      const a = run(reference), b = run(kern);
      for (const key of ["out", "P", "grad", "GZ", "At", "WZ", "Y"] as const) expect(close(a[key], b[key]), key).toBeLessThan(1e-13);
    });
  }

  it("refuses sizes that are not positive integers, naming them; serves the reference kernels above 12", () => {
    expect(() => unrolledEncoders(0, 3, 2)).toThrow(/D/);
    expect(() => unrolledEncoders(3, 2.5, 2)).toThrow(/T/);
    expect(() => unrolledEncoders(3, 3, -1)).toThrow(/k/);
    expect(unrolledEncoders(13, 3, 2).attentionAdd).toBe(reference.attentionAdd);
    expect(unrolledEncoders(12, 12, 12).attentionAdd).not.toBe(reference.attentionAdd);
  });
});
