/**
 * Figures of notebook 05 (the full transformer): loss curves with bands (the paper's Fig. 4),
 * escape times from the unigram plateau, rank-one emergence and weight heat maps (Fig. 3).
 *
 * @example
 * show(lossCurvesFigure([{ label: "Standard initialization", color: "#d62728", runs }], { unigram: 0.666, bigram: 0.619 }));
 */
import type { Figure, Trace } from "../runtime/figure";
import { meanStd, movingAverage } from "../training/curves";
import { COLORS, layout2d } from "./style";

export interface CurveGroup {
  label: string;
  color: string;
  runs: number[][];
}

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Mean ± 1 std of smoothed test-loss curves per group, with the unigram and bigram lines. */
export function lossCurvesFigure(
  groups: CurveGroup[],
  refs: { unigram: number; bigram: number },
  options: { width?: number; yRange?: [number, number]; title?: string; pq?: [number, number] } = {},
): Figure {
  const data: Trace[] = [];
  let steps = 0;
  for (const g of groups) {
    const { mean, std } = meanStd(g.runs.map((r) => movingAverage(r, options.width ?? 11)));
    const x = mean.map((_, i) => i);
    steps = Math.max(steps, x.length - 1);
    const one = g.runs.length === 1;
    if (!one) {
      const band = [...mean.map((m, i) => m + std[i]), ...mean.map((m, i) => m - std[i]).reverse()];
      data.push({ type: "scatter", mode: "lines", x: [...x, ...x.slice().reverse()], y: band, fill: "toself", fillcolor: rgba(g.color, 0.18), line: { width: 0 }, hoverinfo: "skip", showlegend: false, name: `${g.label} ± std` });
    }
    data.push({ type: "scatter", mode: "lines", x, y: mean, name: one ? `${g.label} (one run)` : `${g.label} (mean ± std of ${g.runs.length} runs)`, line: { color: g.color, width: 2 } });
  }
  data.push({ type: "scatter", mode: "lines", x: [0, steps], y: [refs.unigram, refs.unigram], name: `Unigram loss ${refs.unigram.toFixed(4)}`, line: { color: "#333", dash: "dash" } });
  data.push({ type: "scatter", mode: "lines", x: [0, steps], y: [refs.bigram, refs.bigram], name: `Bigram loss ${refs.bigram.toFixed(4)}`, line: { color: "#333", dash: "dot" } });
  const pq = options.pq ? `, (p, q) = (${options.pq[0]}, ${options.pq[1]})` : "";
  return { data, layout: layout2d(options.title ?? `Test loss: standard vs the paper's initialization${pq}`, "Iteration", "Test loss (nats)", { yaxis: { range: options.yRange ?? [0.6, 0.9] } }) };
}

/** When each run left the unigram plateau (a dot per run), and which never did within the horizon. */
export function escapeTimesFigure(escapes: (number | null)[], horizon: number, seeds: number[]): Figure {
  const escaped = escapes.map((e, i) => ({ e, seed: seeds[i] })).filter((r) => r.e !== null) as { e: number; seed: number }[];
  const stuck = escapes.map((e, i) => ({ e, seed: seeds[i] })).filter((r) => r.e === null);
  return {
    data: [
      { type: "scatter", mode: "markers", x: escaped.map((r) => r.e), y: escaped.map((r) => `seed ${r.seed}`), name: "escaped: first step below the plateau", marker: { size: 11, color: COLORS.bigram } },
      { type: "scatter", mode: "markers", x: stuck.map(() => horizon), y: stuck.map((r) => `seed ${r.seed}`), name: `never escaped: still on the plateau at the last step (${horizon})`, marker: { size: 11, symbol: "x", color: COLORS.unigram } },
    ],
    layout: layout2d(`Standard initialization: when runs escape the unigram plateau (${escaped.length} of ${escapes.length} escaped)`, "Iteration", "run", {
      xaxis: { range: [0, horizon * 1.03] },
      yaxis: { type: "category" },
      showlegend: true,
      height: 260 + 28 * escapes.length,
    }),
  };
}

/** σ₁²/Σσ² of W1 and W_V over iterations, for several runs. */
export function rankFractionFigure(series: { label: string; step: number[]; W1: (number | null)[]; WV: (number | null)[]; dash?: string }[]): Figure {
  const data: Trace[] = [];
  for (const s of series) {
    data.push({ type: "scatter", mode: "lines", x: s.step, y: s.W1, name: `W<sub>1</sub>, ${s.label}`, line: { color: COLORS.globalMin, dash: s.dash ?? "solid" } });
    data.push({ type: "scatter", mode: "lines", x: s.step, y: s.WV, name: `W<sub>V</sub>, ${s.label}`, line: { color: COLORS.saddle, dash: s.dash ?? "solid" } });
  }
  return { data, layout: layout2d("Rank-one emergence: fraction of energy σ₁² / Σ σᵢ²", "Iteration", "σ₁² / Σ σᵢ²", { yaxis: { range: [0, 1.02] } }) };
}

/**
 * Heat maps of W1 (4d × d), W_V (d × d) and the first d positions at each snapshot (rows:
 * iterations). Each column shares one symmetric colour scale across iterations, with its colour
 * bar; column names head the top row, and x ticks sit under the last row only.
 */
export function weightHeatmapsFigure(snapshots: { step: number; W1: number[]; WV: number[]; pos: number[] }[], d: number): Figure {
  if (snapshots.length === 0) throw new RangeError("snapshots must not be empty");
  const data: Trace[] = [];
  const rowsN = snapshots.length;
  const layout: Record<string, unknown> = {
    // Room under the title for the column headers.
    title: { text: "W<sub>1</sub>, W<sub>V</sub> and the first positions p<sub>1</sub>…p<sub>d</sub> across iterations", pad: { b: 34 } },
    height: 240 * rowsN + 120,
    annotations: [] as unknown[],
  };
  const cols = [
    { name: "W<sub>1</sub>", rows: 4 * d, get: (s: (typeof snapshots)[0]) => s.W1 },
    { name: "W<sub>V</sub>", rows: d, get: (s: (typeof snapshots)[0]) => s.WV },
    { name: "p<sub>1</sub>…p<sub>d</sub>", rows: d, get: (s: (typeof snapshots)[0]) => s.pos },
  ];
  const gap = 0.05, rowH = (1 - gap * (rowsN - 1)) / rowsN;
  const lastRowY = (c: number) => `y${(rowsN - 1) * cols.length + c + 1 === 1 ? "" : (rowsN - 1) * cols.length + c + 1}`;
  cols.forEach((col, c) => {
    const m = Math.max(1e-12, ...snapshots.flatMap((snap) => col.get(snap).map(Math.abs)));
    const x0 = c / cols.length + 0.045, x1 = (c + 1) / cols.length - 0.075;
    const cx = c === 0 ? "" : String(c + 1);
    layout[`coloraxis${cx}`] = { colorscale: "RdBu", cmin: -m, cmax: m, colorbar: { x: x1 + 0.01, xanchor: "left", len: 1, y: 0.5, thickness: 10, title: { text: col.name, side: "top" } } };
    layout[`xaxis${cx}`] = { domain: [x0, x1], title: { text: `${col.name}: column` }, anchor: lastRowY(c) };
    (layout.annotations as unknown[]).push({ text: `<b>${col.name}</b>`, x: (x0 + x1) / 2, xref: "paper", y: 1, yref: "paper", yanchor: "bottom", showarrow: false, font: { size: 14 } });
  });
  snapshots.forEach((snap, r) => {
    const y1 = 1 - r * (rowH + gap), y0 = y1 - rowH;
    cols.forEach((col, c) => {
      const k = r * cols.length + c + 1;
      const ay = k === 1 ? "" : String(k);
      const cx = c === 0 ? "" : String(c + 1);
      const flat = col.get(snap);
      const z = Array.from({ length: col.rows }, (_, i) => flat.slice(i * d, (i + 1) * d));
      data.push({ type: "heatmap", z, xaxis: `x${cx}`, yaxis: `y${ay}`, coloraxis: `coloraxis${cx}`, name: `${col.name}, iteration ${snap.step}`, hovertemplate: `${col.name}[%{y}, %{x}] = %{z:.3f}<extra>iteration ${snap.step}</extra>` });
      layout[`yaxis${ay}`] = { domain: [y0, y1], title: { text: c === 0 ? `iteration ${snap.step}: row` : "row" }, autorange: "reversed", anchor: `x${cx}` };
    });
  });
  return { data, layout };
}
