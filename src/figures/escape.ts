/**
 * Figures of notebook 05's "why the plateau is left": full-model runs read through their canonical projection
 * (model/canonical-projection.ts) — the test loss, the canonical coordinates ẽ and w_eff against the saddle line
 * 1 + 2w|w| = 0, and the off-canonical norms — and the growth of each off-canonical part.
 *
 * @example
 * show(escapeDirectionsFigure(runs, { unigram: 0.6663, bigram: 0.6190 }));
 */
import type { Figure, Trace } from "../runtime/figure";
import type { OffCanonicalPart } from "../model/canonical-projection";
import type { ProjectionTrack } from "../training/projection-study";
import { movingAverage } from "../training/curves";
import { layout2d } from "./style";

/** Legend names of the off-canonical parts (Unicode and <sub>, as Plotly draws them). */
export const OFF_CANONICAL_LABELS: Record<OffCanonicalPart, string> = {
  embedding: "e off u",
  posAlong: "positions along u, beyond −ẽ/2 (RMS)",
  posPerp: "positions off u (RMS)",
  WQ: "W<sub>Q</sub>",
  WK: "W<sub>K</sub>",
  WV: "W<sub>V</sub>",
  WO: "W<sub>O</sub>",
  W1OnU: "W<sub>1</sub>u − |w̃|v",
  W1PerpU: "W<sub>1</sub> off u",
  W2OnU: "W<sub>2</sub>ᵀu − w̃v",
  W2PerpU: "W<sub>2</sub> off u",
};

// Runs and parts get these; reference lines are black or grey, so no run shares a reference line's colour.
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79", "#e7969c", "#637939"];

export interface EscapeRunSeries {
  label: string;
  testLoss: number[];
  track: ProjectionTrack;
  /** Step the loss left the plateau, or null. */
  escape: number | null;
}

/**
 * Four stacked panels sharing the step axis, one colour per run: the smoothed test loss (with H_uni, H_bi and
 * a diamond where the run escapes), ẽ (log scale), w_eff with the saddle line w = −1/√2 where e = 0 turns from a
 * minimum into a saddle (Theorem 1: 1 + 2w|w| = 0) and a cross where the run first falls below it, and the
 * off-canonical norm (log scale; positions counted as RMS over rows).
 */
export function escapeDirectionsFigure(runs: EscapeRunSeries[], refs: { unigram: number; bigram: number }, options: { title?: string } = {}): Figure {
  const data: Trace[] = [];
  const last = Math.max(...runs.map((r) => r.testLoss.length - 1));
  const dom = [[0.77, 1], [0.52, 0.73], [0.27, 0.48], [0, 0.23]];
  runs.forEach((r, i) => {
    const color = PALETTE[i % PALETTE.length], g = `run-${i}`;
    const sm = movingAverage(r.testLoss, 11);
    data.push({ type: "scatter", mode: "lines", x: sm.map((_, s) => s), y: sm, name: r.label, legendgroup: g, line: { color, width: 1.5 }, xaxis: "x", yaxis: "y" });
    if (r.escape !== null) data.push({ type: "scatter", mode: "markers", x: [r.escape], y: [sm[r.escape]], name: `${r.label}: escapes`, legendgroup: g, showlegend: false, marker: { color, size: 9, symbol: "diamond" }, xaxis: "x", yaxis: "y" });
    data.push({ type: "scatter", mode: "lines", x: r.track.step, y: r.track.e, name: `${r.label}: ẽ`, legendgroup: g, showlegend: false, line: { color, width: 1.5 }, xaxis: "x", yaxis: "y2" });
    data.push({ type: "scatter", mode: "lines", x: r.track.step, y: r.track.wEff, name: `${r.label}: w<sub>eff</sub>`, legendgroup: g, showlegend: false, line: { color, width: 1.5 }, xaxis: "x", yaxis: "y3" });
    const cross = r.track.wEff.findIndex((w) => w < -Math.SQRT1_2);
    if (cross >= 0) data.push({ type: "scatter", mode: "markers", x: [r.track.step[cross]], y: [r.track.wEff[cross]], name: `${r.label}: w<sub>eff</sub> crosses −1/√2`, legendgroup: g, showlegend: false, marker: { color, size: 8, symbol: "x" }, xaxis: "x", yaxis: "y3" });
    data.push({ type: "scatter", mode: "lines", x: r.track.step, y: r.track.offNorm, name: `${r.label}: off-canonical norm`, legendgroup: g, showlegend: false, line: { color, width: 1.5 }, xaxis: "x", yaxis: "y4" });
  });
  const line = (y: number, axis: string, name: string, dash: string, color = "#333") =>
    data.push({ type: "scatter", mode: "lines", x: [0, last], y: [y, y], name, line: { color, dash, width: 1.5 }, xaxis: "x", yaxis: axis });
  line(refs.unigram, "y", `H<sub>uni</sub> = ${refs.unigram.toFixed(4)}`, "dash", "#000");
  line(refs.bigram, "y", `H<sub>bi</sub> = ${refs.bigram.toFixed(4)}`, "dot", "#000");
  line(-Math.SQRT1_2, "y3", "saddle line w = −1/√2 (1 + 2w|w| = 0; × where a run crosses it)", "dashdot", "#555");
  const base = layout2d(options.title ?? "Standard initialization, read through the canonical projection", "", "");
  return {
    data,
    layout: {
      ...base,
      height: 900,
      xaxis: { title: { text: "Iteration" }, anchor: "y4", range: [0, last] },
      yaxis: { title: { text: "test loss (nats)" }, domain: dom[0], range: [refs.bigram - 0.02, 0.7] },
      yaxis2: { title: { text: "ẽ = ‖e‖" }, domain: dom[1], type: "log" },
      yaxis3: { title: { text: "w<sub>eff</sub>" }, domain: dom[2] },
      yaxis4: { title: { text: "off-canonical norm" }, domain: dom[3], type: "log" },
    },
  };
}

/**
 * Each off-canonical part's median growth over runs, part(t)/part(0), on a log scale: which part moves first.
 * `parts` maps a label to the per-run series (all sampled at `step`).
 */
export function offCanonicalGrowthFigure(step: number[], parts: { label: string; runs: number[][] }[], options: { title?: string; marks?: { x: number; label: string }[] } = {}): Figure {
  const data: Trace[] = parts.map((p, i) => {
    const y = step.map((_, j) => {
      const r = p.runs.map((xs) => xs[j] / xs[0]).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
      return r.length ? r[Math.floor((r.length - 1) / 2)] : null;
    });
    return { type: "scatter", mode: "lines", x: step, y, name: p.label, line: { color: PALETTE[i % PALETTE.length], width: 2, dash: i >= PALETTE.length ? "dash" : "solid" } } as Trace;
  });
  const shapes = (options.marks ?? []).map((m) => ({ type: "line", x0: m.x, x1: m.x, yref: "paper", y0: 0, y1: 1, line: { color: "#555", dash: "dot", width: 1 } }));
  // inside the plot, below its top edge, so a wrapped title never runs into them
  const annotations = (options.marks ?? []).map((m, i) => ({ x: m.x, yref: "paper", y: 0.99 - 0.06 * i, text: m.label, showarrow: false, xanchor: "left", yanchor: "top", font: { size: 11 }, bgcolor: "rgba(255,255,255,0.8)" }));
  return {
    data,
    layout: layout2d(options.title ?? "Which off-canonical part grows first: median of part(t) / part(0) over runs", "Iteration", "part(t) / part(0)", { yaxis: { type: "log" }, shapes, annotations, height: 520 }),
  };
}
