/** show() refuses values a log axis cannot draw, as it refuses NaN (issue #20 item 5). */
import { describe, expect, it } from "vitest";
import type { Figure } from "../src/runtime/figure";
import { validateFigure } from "../src/runtime/figure";
import { show } from "../src/runtime/show";

const fig = (y: (number | null)[], yaxis: Record<string, unknown> = { type: "log" }, extra: Partial<Figure> = {}): Figure => ({
  data: [{ type: "scatter", x: y.map((_, i) => i + 1), y, name: "L" }],
  layout: { title: { text: "Loss" }, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "L" }, ...yaxis } },
  ...extra,
});

describe("values ≤ 0 on a log axis", () => {
  it("are refused by show() with figure, trace, coordinate and index (were dropped silently)", () => {
    expect(() => show(fig([1, 0, 3]))).toThrow(/figure "Loss", trace 0 "L": y\[1\] = 0 cannot be drawn on the log axis yaxis/);
    expect(() => validateFigure(fig([1, 2, -3]))).toThrow(/y\[2\] = -3 cannot be drawn on the log axis/);
    expect(() => validateFigure(fig([0, 0, 0]))).toThrow(/y\[0\] = 0/); // an all-zero trace drew an empty plot
  });

  it("are checked on the axis each trace uses (x2, y2), on 3-D log axes and in animation frames", () => {
    const two: Figure = {
      data: [{ type: "scatter", x: [1, 2], y: [1, 2] }, { type: "scatter", x: [0.5, -1], y: [1, 2], xaxis: "x2", name: "B" }],
      layout: { title: { text: "T" }, xaxis: { title: { text: "a" } }, yaxis: { title: { text: "b" } }, xaxis2: { title: { text: "c" }, type: "log" } },
    };
    expect(() => validateFigure(two)).toThrow(/trace 1 "B": x\[1\] = -1 cannot be drawn on the log axis xaxis2/);
    const cube: Figure = {
      data: [{ type: "scatter3d", x: [1], y: [1], z: [0] }],
      layout: { title: { text: "T" }, scene: { xaxis: { title: { text: "a" } }, yaxis: { title: { text: "b" } }, zaxis: { title: { text: "c" }, type: "log" } } },
    };
    expect(() => validateFigure(cube)).toThrow(/z\[0\] = 0 cannot be drawn on the log axis scene.zaxis/);
    expect(() => validateFigure(fig([1, 2], { type: "log" }, { frames: [{ name: "f0", data: [{ y: [1, 0] }] }] }))).toThrow(/frame 0, trace 0 "L": y\[1\] = 0/);
  });

  it("stay allowed as null gaps, and zeros stay allowed on linear axes", () => {
    expect(() => validateFigure(fig([1, null, 3]))).not.toThrow();
    expect(() => validateFigure(fig([1, 0, -3], {}))).not.toThrow();
  });
});
