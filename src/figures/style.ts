/**
 * Shared figure vocabulary: titled layouts and the colours of the paper's Fig. 1 legend, so every
 * figure names its axes and the same object looks the same everywhere.
 *
 * @example
 * const layout = layout2d("L(e, w), p = q = 0.9", "w", "e", { height: 520 });
 */

/** Colours of the Fig. 1 legend (the authors' choices in their plotting script). */
export const COLORS = {
  globalMin: "#7b3fa0", // Γ*, dashed purple
  localMin: "#d62728", // red stars on e = 0
  localMax: "#1f77b4", // blue dots on e = 0
  saddle: "#ff7f0e", // orange triangle, and the separatrix
  basinGlobal: "rgba(46, 160, 67, 0.28)", // I*
  basinLocal: "rgba(214, 39, 40, 0.25)", // I_min
  flow: "#6f6f6f", // the −∇L field
  unigram: "#d62728",
  bigram: "#2ca02c",
} as const;

export type Layout = Record<string, unknown>;

/**
 * A layout with a title and both axis titles (axis titles may carry symbols: "w", "e", "p + q").
 * Margins, legend placement and fonts come from the one set of defaults `show()` applies
 * (src/runtime/figure-defaults.ts); builders set only what is particular to their figure.
 */
export function layout2d(title: string, x: string, y: string, extra: Layout = {}): Layout {
  const { xaxis, yaxis, ...rest } = extra as { xaxis?: Layout; yaxis?: Layout };
  return {
    title: { text: title },
    xaxis: { title: { text: x }, ...(xaxis ?? {}) },
    yaxis: { title: { text: y }, ...(yaxis ?? {}) },
    ...rest,
  };
}

/** Square axes that shrink the plotting DOMAIN to keep the aspect (never the range, which would pad the data with blank space). */
export function squareAxes(x: Layout, y: Layout): { xaxis: Layout; yaxis: Layout } {
  return { xaxis: { constrain: "domain", ...x }, yaxis: { scaleanchor: "x", scaleratio: 1, constrain: "domain", ...y } };
}

/** The (e, w) window of Fig. 1: w horizontal, e vertical, equal aspect, [−3, 3]². */
export function planeLayout(title: string, extra: Layout = {}): Layout {
  return layout2d(title, "w", "e", {
    ...squareAxes({ range: [-3, 3], zeroline: false }, { range: [-3, 3], zeroline: false }),
    height: 640,
    ...extra,
  });
}
