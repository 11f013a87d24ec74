/**
 * Values a log axis cannot draw: plotly.js drops x ≤ 0 on a log axis without a word (Chromium drew 7
 * of 10 points, and an all-zero trace gave an empty plot with an arbitrary range), so `show()`
 * refuses them, as it refuses NaN. `null` stays allowed: it is a gap on purpose.
 *
 * @example
 * assertLogAxesDrawable({ data: [{ x: [1, 2], y: [1, 0] }], layout: { yaxis: { type: "log" } } }, "figure");
 * // throws: figure, trace 0: y[1] = 0 cannot be drawn on the log axis yaxis …
 */
import type { Figure, Trace } from "./figure";

const SCENE_TYPES = new Set(["scatter3d", "surface", "mesh3d", "cone", "streamtube", "isosurface"]);

/** The layout's axis object for a trace's axis reference ("x2" → layout.xaxis2). */
function axisOf(layout: Record<string, unknown>, trace: Trace, letter: "x" | "y"): { key: string; log: boolean } {
  const ref = String(trace[`${letter}axis`] ?? letter);
  const key = ref.replace(/^([xy])/, `$1axis`);
  const axis = layout[key] as { type?: unknown } | undefined;
  return { key, log: axis?.type === "log" };
}

function check(values: unknown, where: string, coord: string, axis: string): void {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) return;
  const arr = values as ArrayLike<unknown>;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === "number" && !(v > 0)) {
      throw new Error(`${where}: ${coord}[${i}] = ${v} cannot be drawn on the log axis ${axis} (plotly.js drops values ≤ 0 without a word); leave the point out, pass null for a gap on purpose, or use a linear axis`);
    }
  }
}

/**
 * Throws an Error naming figure, trace, coordinate and index for the first value ≤ 0 that a trace puts
 * on a log axis (x/y of cartesian traces, x/y/z of 3-D ones; also in animation frames).
 */
export function assertLogAxesDrawable(fig: Figure, where: string): void {
  const layout = fig.layout;
  const traceCheck = (trace: Trace, i: number, label: string) => {
    const type = trace.type ?? "scatter";
    const w = `${where}, ${label} ${i}${trace.name ? ` "${trace.name}"` : ""}`;
    if (SCENE_TYPES.has(type)) {
      const scene = (layout[String(trace.scene ?? "scene")] ?? {}) as Record<string, { type?: unknown } | undefined>;
      for (const c of ["x", "y", "z"]) if (scene[`${c}axis`]?.type === "log") check(trace[c], w, c, `${String(trace.scene ?? "scene")}.${c}axis`);
      return;
    }
    for (const c of ["x", "y"] as const) {
      const axis = axisOf(layout, trace, c);
      if (axis.log) check(trace[c], w, c, axis.key);
    }
  };
  fig.data.forEach((trace, i) => traceCheck(trace, i, "trace"));
  (fig.frames ?? []).forEach((frame, k) => {
    const data = (frame.data ?? []) as Trace[];
    const which = (frame.traces ?? data.map((_, j) => j)) as number[];
    data.forEach((t, j) => traceCheck({ ...fig.data[which[j]] ?? {}, ...t }, which[j], `frame ${k}, trace`));
  });
}
