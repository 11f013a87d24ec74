/**
 * Figure builders for notebook 06: panels of curves (log-scale loss against step, with predicted
 * rate lines), side-by-side contour slices of a loss landscape, and mean ± std bands over seeds.
 *
 * @example
 * show(panelsFigure("W_V only", [{ title: "softmax", series: [{ name: "D = 32", y: run.loss }] }], "step t", "f(M_t)", { logY: true }));
 */
import type { Figure, Trace } from "../runtime/figure";
import type { KernelName } from "./kernel";
import type { LossSlice } from "./landscape";

export const KERNEL_COLORS: Record<KernelName, string> = { softmax: "#1f77b4", gaussian: "#d62728" };

export interface Series {
  name: string;
  y: readonly number[];
  /** Default 0, 1, 2, … */
  x?: readonly number[];
  color?: string;
  dash?: "solid" | "dash" | "dot";
  /** Put the series in the legend (default true). */
  legend?: boolean;
}

/** Side-by-side panels sharing axis titles; each panel a list of line series. */
export function panelsFigure(title: string, panels: { title: string; series: Series[] }[], xTitle: string, yTitle: string, options: { logY?: boolean; logX?: boolean; height?: number } = {}): Figure {
  if (panels.length === 0) throw new RangeError("panels must hold at least one panel");
  const w = 1 / panels.length, gap = panels.length > 1 ? 0.06 : 0;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { title: { text: title }, height: options.height ?? 460, legend: { orientation: "h", y: -0.2 }, margin: { t: 70, r: 20, b: 90, l: 70 }, annotations: [] as unknown[] };
  panels.forEach((p, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    layout[`xaxis${ax}`] = { title: { text: xTitle }, type: options.logX ? "log" : "linear", domain: [i * w + (i ? gap / 2 : 0), (i + 1) * w - (i < panels.length - 1 ? gap / 2 : 0)], anchor: `y${ax}` };
    layout[`yaxis${ax}`] = { title: { text: yTitle }, type: options.logY ? "log" : "linear", anchor: `x${ax}`, exponentformat: "power" };
    (layout.annotations as unknown[]).push({ text: `<b>${p.title}</b>`, xref: "paper", yref: "paper", x: i * w + w / 2, y: 1.04, showarrow: false, xanchor: "center" });
    for (const s of p.series) {
      data.push({
        type: "scatter", mode: "lines", name: s.name, x: s.x ? Array.from(s.x) : s.y.map((_, t) => t), y: Array.from(s.y),
        line: { color: s.color, dash: s.dash ?? "solid", width: s.dash && s.dash !== "solid" ? 1.5 : 2 },
        xaxis: `x${ax}`, yaxis: `y${ax}`, showlegend: s.legend ?? true, legendgroup: s.name,
      });
    }
  });
  return { data, layout };
}

/** log₁₀ L on each slice, side by side with one colour scale; (0, 0) and (1, 0) marked. */
export function sliceContoursFigure(title: string, slices: { name: string; slice: LossSlice }[], axes: { a: string; b: string }): Figure {
  const n = slices.length;
  if (n === 0) throw new RangeError("slices must hold at least one slice");
  const all = slices.flatMap((s) => s.slice.z.flat().map((v) => Math.log10(v)));
  const zmin = Math.min(...all), zmax = Math.max(...all);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { title: { text: title }, height: 460, margin: { t: 70, r: 20, b: 70, l: 60 }, annotations: [] as unknown[], legend: { orientation: "h", y: -0.2 } };
  const w = 0.92 / n;
  slices.forEach((s, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    layout[`xaxis${ax}`] = { title: { text: axes.a }, domain: [i * w + 0.02, (i + 1) * w - 0.02], anchor: `y${ax}` };
    layout[`yaxis${ax}`] = { title: { text: axes.b }, anchor: `x${ax}` };
    (layout.annotations as unknown[]).push({ text: `<b>${s.name}</b>`, xref: "paper", yref: "paper", x: i * w + w / 2, y: 1.04, showarrow: false });
    data.push({
      type: "contour", x: s.slice.a, y: s.slice.b, z: s.slice.z.map((r) => r.map((v) => Math.log10(v))), zmin, zmax, ncontours: 24, colorscale: "Viridis",
      showscale: i === n - 1, colorbar: { title: { text: "log₁₀ L" } }, xaxis: `x${ax}`, yaxis: `y${ax}`, name: s.name,
    });
    data.push({ type: "scatter", mode: "markers", x: [0, 1], y: [0, 0], marker: { color: "white", size: 9, symbol: ["circle", "star"], line: { color: "black", width: 1 } }, name: "θ₁ (circle), θ<sub>K</sub> (star)", showlegend: i === 0, xaxis: `x${ax}`, yaxis: `y${ax}` });
  });
  return { data, layout };
}

/** Mean ± one standard deviation over runs, per group (one colour each); runs[k][t]. */
export function bandsFigure(title: string, groups: { name: string; color: string; runs: readonly (readonly number[])[] }[], xTitle: string, yTitle: string, options: { x?: readonly number[]; logY?: boolean } = {}): Figure {
  const data: Trace[] = [];
  for (const g of groups) {
    if (g.runs.length === 0) throw new RangeError(`group "${g.name}" has no runs`);
    const T = g.runs[0].length;
    const x = options.x ? Array.from(options.x) : Array.from({ length: T }, (_, t) => t);
    const mean = x.map((_, t) => g.runs.reduce((s, r) => s + r[t], 0) / g.runs.length);
    const sd = x.map((_, t) => Math.sqrt(g.runs.reduce((s, r) => s + (r[t] - mean[t]) ** 2, 0) / g.runs.length));
    data.push({ type: "scatter", mode: "lines", x: [...x, ...x.slice().reverse()], y: [...mean.map((m, t) => m + sd[t]), ...mean.map((m, t) => m - sd[t]).reverse()], fill: "toself", fillcolor: g.color.replace(/^#(..)(..)(..)$/, (_, r, gg, b) => `rgba(${parseInt(r, 16)},${parseInt(gg, 16)},${parseInt(b, 16)},0.18)`), line: { width: 0 }, hoverinfo: "skip", showlegend: false, name: `${g.name} ± std` });
    data.push({ type: "scatter", mode: "lines+markers", x, y: mean, name: `${g.name} (mean of ${g.runs.length})`, line: { color: g.color, width: 2 } });
  }
  return { data, layout: { title: { text: title }, xaxis: { title: { text: xTitle } }, yaxis: { title: { text: yTitle }, type: options.logY ? "log" : "linear" }, legend: { orientation: "h", y: -0.2 }, height: 420 } };
}
