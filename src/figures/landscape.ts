/**
 * Figures of notebook 02 (Theorem 1): the reduced loss φ(c) and L(e, w) with every critical set.
 *
 * @example
 * show(criticalSetsFigure(0.9, 0.9));
 */
import type { Figure, Trace } from "../runtime/figure";
import { canonicalLoss, reducedLoss } from "../canonical/loss";
import { cStar } from "../canonical/cstar";
import { gammaStarE } from "../canonical/critical";
import { W_SAD } from "../canonical/energy";
import { entropyRate, unigramLoss } from "../markov/binary";
import { evaluateGrid, linspace } from "../runtime/grid";
import { COLORS, layout2d, planeLayout } from "./style";

/** φ(c) = min_b L for a logit gap c, for several (p, q): minimum H_bi at c = c*, H_uni at c = 0. */
export function reducedLossFigure(cases: [number, number][], cRange: [number, number] = [-8, 8]): Figure {
  const cs = linspace(cRange[0], cRange[1], 321);
  const data: Trace[] = [];
  for (const [p, q] of cases) {
    const star = cStar(p, q);
    const color = CASE_COLORS[data.length / 2 % CASE_COLORS.length];
    data.push({ type: "scatter", mode: "lines", x: cs, y: cs.map((c) => reducedLoss(c, p, q)), name: `φ(c), (p, q) = (${p}, ${q})`, line: { color }, legendgroup: `${p},${q}` });
    data.push({ type: "scatter", mode: "markers", x: [star, 0], y: [entropyRate(p, q), unigramLoss(p, q)], name: `c* (star) and c = 0 (circle), (${p}, ${q})`, marker: { size: 12, symbol: ["star", "circle-open"], color, line: { color, width: 2 } }, legendgroup: `${p},${q}` });
  }
  return { data, layout: layout2d("Reduced loss φ(c) = min<sub>b</sub> L: minimum H<sub>bi</sub> at c = c*, H<sub>uni</sub> at c = 0", "logit gap c = (1 + 2w|w|)e²", "loss (nats)") };
}

/** One colour per (p, q) case, shared by its curve and its markers. */
const CASE_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"];

/** Γ* as two curves (±e), broken where it has no point. */
export function gammaStarTraces(p: number, q: number, ws: number[], showLegend = true): Trace[] {
  const es = ws.map((w) => gammaStarE(w, p, q));
  const line = { color: COLORS.globalMin, dash: "dash", width: 2.5 };
  return [
    { type: "scatter", mode: "lines", x: ws, y: es, name: "Γ*: global minima (L = H<sub>bi</sub>)", line, showlegend: showLegend, legendgroup: "gamma" },
    { type: "scatter", mode: "lines", x: ws, y: es.map((e) => (e === null ? null : -e)), name: "Γ* (e < 0)", line, showlegend: false, legendgroup: "gamma" },
  ];
}

/** The line e = 0 split by class: local minima (red stars), "local maxima" (blue dots), saddle (orange). */
export function axisTraces(p: number, q: number, ws: number[], showLegend = true): Trace[] {
  const above = p + q > 1;
  const isMin = (w: number) => (above ? w > W_SAD : w < W_SAD);
  const mins = ws.filter(isMin), maxs = ws.filter((w) => !isMin(w) && w !== W_SAD);
  // Each class drawn as a segment of e = 0 in its own colour, its markers on it in the same colour.
  return [
    { type: "scatter", mode: "lines+markers", x: mins, y: mins.map(() => 0), name: "local minima on e = 0 (L = H<sub>uni</sub>)", line: { color: COLORS.localMin, width: 3 }, marker: { symbol: "star", size: 10, color: COLORS.localMin }, showlegend: showLegend },
    { type: "scatter", mode: "lines+markers", x: maxs, y: maxs.map(() => 0), name: "“local maxima” on e = 0", line: { color: COLORS.localMax, width: 3 }, marker: { symbol: "circle", size: 6, color: COLORS.localMax }, showlegend: showLegend },
    { type: "scatter", mode: "markers", x: [W_SAD], y: [0], name: "saddle (0, −1/√2)", marker: { symbol: "triangle-up", size: 14, color: COLORS.saddle, line: { color: "black", width: 1 } }, showlegend: showLegend },
  ];
}

/** Contours of L(e, w) at b* over [−3, 3]² with Γ*, the classified line e = 0 and the saddle. */
export function criticalSetsFigure(p: number, q: number, n = 121): Figure {
  const ws = linspace(-3, 3, n), es = linspace(-3, 3, n);
  // Levels from H_bi to twice H_uni, where the critical sets are; higher values share the top colour.
  const lo = entropyRate(p, q), hi = 2 * unigramLoss(p, q);
  const contour: Trace = {
    type: "contour",
    x: ws,
    y: es,
    z: evaluateGrid(ws, es, (w, e) => canonicalLoss(e, w, p, q)),
    colorscale: [[0, "#3b7fb6"], [0.35, "#8cc4d8"], [0.7, "#d9eec2"], [1, "#fbf6dc"]],
    zmin: lo,
    zmax: hi,
    opacity: 0.75,
    contours: { coloring: "fill", showlabels: true, labelfont: { size: 12, color: "#1d232a" }, start: lo, end: hi, size: (hi - lo) / 10 },
    colorbar: { title: { text: "L(e, w)" }, tickformat: ".2f" },
    name: "L(e, w)",
    hovertemplate: "w = %{x:.2f}, e = %{y:.2f}<br>L = %{z:.5f}<extra></extra>",
  };
  const axisWs = linspace(-3, 3, 49);
  return {
    data: [contour, ...gammaStarTraces(p, q, linspace(-3, 3, 601)), ...axisTraces(p, q, axisWs)],
    layout: planeLayout(`Critical points of L(e, w), p = ${p}, q = ${q} (p + q ${p + q > 1 ? ">" : "<"} 1)`),
  };
}
