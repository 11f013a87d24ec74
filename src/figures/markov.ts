/**
 * Figures of notebook 01 (Markov data and the two minima).
 *
 * @example
 * show(lossGapFigure(41));
 */
import type { Figure } from "../runtime/figure";
import { entropyRate, mutualInformation, unigramLoss } from "../markov/binary";
import { evaluateGrid, linspace } from "../runtime/grid";
import { COLORS, layout2d, squareAxes } from "./style";

/** The first symbols of several chains as coloured strips (0 light, 1 dark). */
export function sampleStripFigure(chains: { label: string; seq: ArrayLike<number> }[], length: number): Figure {
  const z = chains.map((c) => Array.from({ length }, (_, i) => c.seq[i]));
  return {
    data: [
      {
        type: "heatmap",
        z,
        x: Array.from({ length }, (_, i) => i + 1),
        y: chains.map((c) => c.label),
        colorscale: [[0, "#eef2f7"], [1, "#1f3b63"]],
        showscale: false,
        xgap: 1,
        ygap: 6,
        hovertemplate: "n = %{x}<br>x<sub>n</sub> = %{z}<extra>%{y}</extra>",
      },
    ],
    layout: layout2d(`The first ${length} symbols of each chain (dark = 1)`, "position n", "chain (p, q)", { height: 120 + 60 * chains.length }),
  };
}

/** |p̂ − p| and |q̂ − q| against the sample length, with the 1/√n rate of a standard error. */
export function estimateConvergenceFigure(
  lengths: number[],
  errors: { label: string; values: number[] }[],
  reference: { label: string; values: number[] },
): Figure {
  return {
    data: [
      ...errors.map((e) => ({ type: "scatter", mode: "lines+markers", x: lengths, y: e.values, name: e.label })),
      { type: "scatter", mode: "lines", x: lengths, y: reference.values, name: reference.label, line: { dash: "dot", color: "#555" } },
    ],
    layout: layout2d("Empirical transition estimates converge like 1/√n", "sequence length n", "absolute error", {
      xaxis: { type: "log" },
      yaxis: { type: "log", exponentformat: "power" },
    }),
  };
}

/** The gap H_uni − H_bi = I(x_n; x_{n+1}) over the (p, q) square, with the i.i.d. line p + q = 1. */
export function lossGapFigure(n: number): Figure {
  const ps = linspace(0.01, 0.99, n);
  return {
    data: [
      {
        type: "heatmap",
        x: ps,
        y: ps,
        z: evaluateGrid(ps, ps, (p, q) => unigramLoss(p, q) - entropyRate(p, q)),
        colorscale: "Viridis",
        colorbar: { title: { text: "nats" } },
        name: "H<sub>uni</sub> − H<sub>bi</sub>",
        hovertemplate: "p = %{x:.2f}, q = %{y:.2f}<br>gap = %{z:.4f} nats<extra></extra>",
      },
      { type: "scatter", mode: "lines", x: [0.01, 0.99], y: [0.99, 0.01], name: "p + q = 1 (i.i.d.)", line: { color: "white", dash: "dash", width: 3 } },
    ],
    layout: layout2d("Unigram − bigram loss = mutual information I(x<sub>n</sub>; x<sub>n+1</sub>)", "p = P(1 | 0)", "q = P(0 | 1)", {
      ...squareAxes({ range: [0, 1] }, { range: [0, 1] }),
      height: 620,
    }),
  };
}

/** H_uni and H_bi along the diagonal p = q, where π = (½, ½): they touch only at p = q = ½. */
export function diagonalLossFigure(n: number): Figure {
  const ps = linspace(0.02, 0.98, n);
  return {
    data: [
      { type: "scatter", mode: "lines", x: ps, y: ps.map((p) => unigramLoss(p, p)), name: "unigram loss H<sub>uni</sub> = h(π₁)", line: { color: COLORS.unigram } },
      { type: "scatter", mode: "lines", x: ps, y: ps.map((p) => entropyRate(p, p)), name: "bigram loss H<sub>bi</sub> (entropy rate)", line: { color: COLORS.bigram } },
      { type: "scatter", mode: "lines", x: ps, y: ps.map((p) => mutualInformation(p, p)), name: "gap I(x<sub>n</sub>; x<sub>n+1</sub>)", line: { color: "#555", dash: "dot" } },
    ],
    layout: layout2d("The two minima along p = q", "p = q", "loss (nats)", { xaxis: { range: [0, 1] } }),
  };
}
