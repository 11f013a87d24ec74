/**
 * The paper's Fig. 1 — gradient flow and basins of the canonical (e, w) model — and its
 * companions: the −∇L field, energy contours (Lemma 1), basins and separatrix (Theorem 2), and
 * a slider over p = q that precomputes every frame, so it also works in the static book.
 *
 * Settings follow the authors' plotting script (Markov-Fixed/energy/contour_plot.py): w horizontal,
 * e vertical, [−3, 3]², grey normalised −∇L on a 0.2 grid, E contours at −9…−1, E_sad, 0…11,
 * Γ* dashed purple, green I*, red I_min, orange separatrix.
 *
 * @example
 * show(energyPanel(0.1, 0.1));   // Fig. 1 (a)
 * show(basinPanel(0.1, 0.1));    // Fig. 1 (b)
 */
import type { Figure, Trace } from "../runtime/figure";
import { canonicalGradient } from "../canonical/gradient";
import { E_SAD, W_SAD, energy } from "../canonical/energy";
import { basinOf, separatrixE } from "../canonical/basins";
import { evaluateGrid, linspace } from "../runtime/grid";
import { axisTraces, gammaStarTraces } from "./landscape";
import { COLORS, planeLayout } from "./style";

/**
 * Normalised −∇L/‖∇L‖ as arrows on a grid of spacing `step` (segments with an arrowhead at the
 * tip), each 0.6 × step long, dark enough and few enough that a reader can follow them.
 */
export function flowFieldTrace(p: number, q: number, step = 0.5, length = 0.6 * step): Trace {
  if (!(step >= 0.05)) throw new RangeError(`step must be ≥ 0.05, got ${step}`);
  const xs: (number | null)[] = [], ys: (number | null)[] = [], sizes: number[] = [];
  const n = Math.round(6 / step);
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    const w = -3 + i * step, e = -3 + j * step;
    const [ge, gw] = canonicalGradient(e, w, p, q);
    const norm = Math.hypot(ge, gw);
    if (!(norm > 1e-12)) continue; // critical point: no direction to draw
    xs.push(w, w - (length * gw) / norm, null);
    ys.push(e, e - (length * ge) / norm, null);
    sizes.push(0, 11, 0);
  }
  return {
    type: "scatter",
    mode: "lines+markers",
    x: xs,
    y: ys,
    name: "−∇L / ‖∇L‖",
    line: { color: COLORS.flow, width: 1.6 },
    marker: { symbol: "arrow", angleref: "previous", size: sizes, color: COLORS.flow },
    hoverinfo: "skip",
  };
}

/** matplotlib's GnBu (the authors' colormap; Plotly has no such named scale), lightest end dropped. */
const ENERGY_SCALE = [[0, "#ccebc5"], [0.2, "#a8ddb5"], [0.4, "#7bccc4"], [0.6, "#4eb3d3"], [0.8, "#2b8cbe"], [0.9, "#0868ac"], [1, "#084081"]];

/** Contours of E(e, w) at the paper's levels plus the saddle level E_sad (w = 0 excluded: E is undefined there). */
export function energyContourTraces(n = 201): Trace[] {
  // An even number of points never lands on w = 0.
  const ws = linspace(-3, 3, n % 2 === 0 ? n : n + 1), es = linspace(-3, 3, n % 2 === 0 ? n : n + 1);
  const z = evaluateGrid(ws, es, (w, e) => (w === 0 ? null : energy(e, w)));
  return [
    {
      type: "contour",
      x: ws,
      y: es,
      z,
      name: "energy E(e, w)",
      // matplotlib's GnBu (the authors' colormap; Plotly has no such named scale), lightest end dropped
      colorscale: ENERGY_SCALE,
      contours: { coloring: "lines", start: -9, end: 11, size: 1 },
      line: { width: 1.2 },
      showscale: false, // line contours give a colour bar of bare ticks; the gradient bar below shows the scale
      hovertemplate: "w = %{x:.2f}, e = %{y:.2f}<br>E = %{z:.3f}<extra></extra>",
    },
    {
      // An empty trace that carries the energy's colour bar as a continuous gradient.
      type: "scatter",
      mode: "markers",
      x: [-99],
      y: [-99], // outside the fixed [−3, 3] window: only the colour bar shows
      name: "E colour scale",
      showlegend: false,
      hoverinfo: "skip",
      marker: { color: [0], size: 1, cmin: -9, cmax: 11, colorscale: ENERGY_SCALE, showscale: true, colorbar: { title: { text: "E(e, w)" }, thickness: 14 } },
    },
    {
      type: "contour",
      x: ws,
      y: es,
      z,
      name: `E = E<sub>sad</sub> = ${E_SAD.toFixed(4)}`,
      showscale: false,
      showlegend: true,
      colorscale: [[0, COLORS.saddle], [1, COLORS.saddle]],
      contours: { coloring: "lines", start: E_SAD, end: E_SAD, size: 1 },
      line: { width: 2.5, dash: "dot" },
      hoverinfo: "skip",
    },
  ];
}

/** 1 for I* (→ Γ*), 0 for I_min (→ e = 0), on a grid (rows follow e). */
export function basinGrid(p: number, q: number, n = 121): { ws: number[]; es: number[]; z: number[][] } {
  const ws = linspace(-3, 3, n), es = linspace(-3, 3, n);
  const z = evaluateGrid(ws, es, (w, e) => (basinOf(e, w, p, q) === "global" ? 1 : 0)) as number[][];
  return { ws, es, z };
}

function basinHeatmap(p: number, q: number, n: number): Trace {
  const { ws, es, z } = basinGrid(p, q, n);
  return {
    type: "heatmap",
    x: ws,
    y: es,
    z,
    zmin: 0,
    zmax: 1,
    colorscale: [[0, COLORS.basinLocal], [0.5, COLORS.basinLocal], [0.5, COLORS.basinGlobal], [1, COLORS.basinGlobal]],
    showscale: false,
    name: "basins: green I*, red I<sub>min</sub>",
    hovertemplate: "w = %{x:.2f}, e = %{y:.2f}<br>%{z}: 1 = I* (global), 0 = I_min (local)<extra></extra>",
  };
}

/** The separatrix of Theorem 2 (both signs of e): the level E = E_sad on the branch that flows into the saddle. */
export function separatrixTraces(p: number, q: number, showLegend = true): Trace[] {
  const ws = p + q > 1 ? linspace(W_SAD, 0, 400).slice(1, -1) : linspace(-3, W_SAD, 400).slice(0, -1);
  const es = ws.map((w) => separatrixE(w, p, q));
  const line = { color: COLORS.saddle, width: 3 };
  return [
    { type: "scatter", mode: "lines", x: ws, y: es, name: "separatrix (→ saddle)", line, showlegend: showLegend, legendgroup: "sep" },
    { type: "scatter", mode: "lines", x: ws, y: es.map((e) => (e === null ? null : -e)), name: "separatrix (e < 0)", line, showlegend: false, legendgroup: "sep" },
  ];
}

const side = (p: number, q: number) => (p + q > 1 ? "p + q > 1" : "p + q < 1");

/** Fig. 1 (a)/(c): the flow aligned with energy contours, converging to local or global optima. */
export function energyPanel(p: number, q: number, options: { grid?: number; arrows?: number } = {}): Figure {
  return {
    data: [...energyContourTraces(options.grid ?? 201), flowFieldTrace(p, q, options.arrows ?? 0.5), ...gammaStarTraces(p, q, linspace(-3, 3, 601)), ...axisTraces(p, q, linspace(-3, 3, 31))],
    layout: planeLayout(`Flow along energy contours, p = q = ${p} (${side(p, q)})`, { height: 640 }),
  };
}

/** Fig. 1 (b)/(d): basins I* (green) and I_min (red), the separatrix and Γ*. */
export function basinPanel(p: number, q: number, options: { grid?: number; arrows?: number } = {}): Figure {
  const labels = p + q > 1 ? { min: [1.2, 1.2], star: [-1.9, 2.1] } : { min: [-2.5, 0.6], star: [-1.1, 1.5] };
  return {
    data: [basinHeatmap(p, q, options.grid ?? 121), flowFieldTrace(p, q, options.arrows ?? 0.5), ...separatrixTraces(p, q), ...gammaStarTraces(p, q, linspace(-3, 3, 601))],
    layout: planeLayout(`Basins of the global and local minima, p = q = ${p} (${side(p, q)})`, {
      height: 640,
      annotations: [
        { x: labels.min[0], y: labels.min[1], text: "<b>I<sub>min</sub></b>", showarrow: false, font: { size: 18, color: "#8b0000" }, bgcolor: "rgba(255,255,255,0.9)", bordercolor: "#8b0000", borderpad: 3 },
        { x: labels.star[0], y: labels.star[1], text: "<b>I<sub>⋆</sub></b>", showarrow: false, font: { size: 18, color: "#0b5d1e" }, bgcolor: "rgba(255,255,255,0.9)", bordercolor: "#0b5d1e", borderpad: 3 },
      ],
    }),
  };
}

/** Basins, Γ* and separatrix for each p = q in `values`, as Plotly frames behind a slider. */
export function basinSliderFigure(values: number[], grid = 81): Figure {
  const frameData = (p: number): Trace[] => {
    const { ws, es, z } = basinGrid(p, p, grid);
    return [{ x: ws, y: es, z }, ...gammaStarTraces(p, p, linspace(-3, 3, 301)), ...separatrixTraces(p, p)];
  };
  const first = values[0];
  const frames = values.map((p) => ({ name: `p=q=${p}`, data: frameData(p), traces: [0, 1, 2, 3, 4] }));
  return {
    data: [basinHeatmap(first, first, grid), ...gammaStarTraces(first, first, linspace(-3, 3, 301)), ...separatrixTraces(first, first)],
    frames,
    layout: planeLayout("Basins flip as p + q crosses 1 (slider: p = q)", {
      height: 760,
      margin: { b: 150 },
      sliders: [
        {
          active: 0,
          currentvalue: { prefix: "p = q = ", font: { size: 14 } },
          pad: { t: 40 },
          y: 0,
          yanchor: "bottom",
          len: 1,
          steps: values.map((p) => ({
            label: String(p),
            method: "animate",
            args: [[`p=q=${p}`], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } }],
          })),
        },
      ],
    }),
  };
}

/** Fraction of runs ending at each minimum, against p + q, from small Gaussian inits. */
export function initOutcomeFigure(rows: { label: string; pq: number; global: number; local: number }[]): Figure {
  return {
    data: [
      { type: "bar", x: rows.map((r) => r.label), y: rows.map((r) => r.global), name: "→ Γ* (bigram loss)", marker: { color: COLORS.bigram } },
      { type: "bar", x: rows.map((r) => r.label), y: rows.map((r) => r.local), name: "→ e = 0 (unigram loss)", marker: { color: COLORS.unigram } },
    ],
    layout: {
      title: { text: "Small Gaussian initialisation: where gradient flow ends" },
      barmode: "stack",
      xaxis: { title: { text: "(p, q) and p + q" } },
      yaxis: { title: { text: "fraction of runs" }, range: [0, 1] },
    },
  };
}

/**
 * |E(t) − E(0)| / |E(0)| along trajectories (Lemma 1: it should stay at rounding level). With
 * `drawn` the title says which runs these are out of how many were checked.
 */
export function energyDriftFigure(runs: { label: string; times: number[]; drift: number[] }[], drawn?: { of: number; which: string }): Figure {
  const which = drawn ? `: the ${runs.length} runs with ${drawn.which}, of the ${drawn.of} checked` : "";
  return {
    data: runs.map((r) => ({ type: "scatter", mode: "lines", x: r.times, y: r.drift.map((d) => Math.max(d, 1e-17)), name: r.label })),
    layout: {
      title: { text: `Lemma 1, measured: relative energy drift along adaptive trajectories${which}` },
      xaxis: { title: { text: "time t" } },
      yaxis: { title: { text: "|E(t) − E(0)| / |E(0)|" }, type: "log", exponentformat: "power" },
    },
  };
}
