/**
 * Figure builders for the (e, w, a) notebook (04): 3-D flow scenes side by side (the reconstruction's
 * versions of the paper's Figs. 2 and 5), the curvature of the critical plane e = 0, and drift of candidate
 * energies along flows. Each returns a plain Plotly figure for `show`.
 *
 * @example
 * show(attentionFlowFigure("Flows (reconstruction)", [{ label: "p + q < 1", trajectories: [{ states, limit: "global" }] }]));
 */
import type { Field } from "../flows/ode";
import type { Figure, Trace } from "../runtime/figure";
import type { AttentionChain } from "../attention/chain";
import { attentionPlaneCurvature } from "../attention/critical";

/** Colour of a flow by the minimum it reached. */
export const ATTENTION_LIMIT_COLORS = { global: "#2ca02c", local: "#d62728", undecided: "#7f7f7f" } as const;

const LIMIT_NAMES = {
  global: "flow → global minimum (L = H<sub>bi</sub>)",
  local: "flow → plane e = 0 (L = H<sub>uni</sub>)",
  undecided: "flow stopped elsewhere",
} as const;

/** One recorded trajectory: row-major (e, w, a) states, and where it ended. */
export interface Trajectory3 {
  states: ArrayLike<number>;
  limit: "global" | "local" | "undecided";
}

/** Normalised field arrows −∇L/‖−∇L‖ at grid points, as a Plotly cone trace takes them. */
export interface ConeField {
  e: number[];
  w: number[];
  a: number[];
  de: number[];
  dw: number[];
  da: number[];
}

/** One 3-D panel: trajectories plus optional reference sets. */
export interface AttentionScene {
  /** Shown above the panel, e.g. "p + q < 1: (p, q) = (0.2, 0.3)". */
  label: string;
  trajectories: Trajectory3[];
  /** Γ* × {a = 0}: points (e > 0, w) of Γ*, drawn at a = 0 with their mirror −e. */
  gammaStar?: { e: number[]; w: number[] };
  /** The critical plane e = 0 over this (w, a) rectangle. */
  plane?: { w: [number, number]; a: [number, number] };
  cones?: ConeField;
  /** Axis ranges (default: Plotly's). */
  ranges?: { e?: [number, number]; w?: [number, number]; a?: [number, number] };
}

/**
 * Side-by-side 3-D scenes with axes e, w, a (one per case, e.g. p + q < 1 and p + q > 1), trajectories coloured
 * by their limit, starts as dots, ends as diamonds; optional Γ* × {a = 0}, the plane e = 0 and field cones.
 *
 * @example
 * attentionFlowFigure("Gradient flow in (e, w, a)", [sceneBelow, sceneAbove], 620);
 */
export function attentionFlowFigure(title: string, scenes: AttentionScene[], height = 540): Figure {
  if (scenes.length === 0) throw new RangeError("scenes must not be empty");
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {
    title: { text: title },
    height,
    margin: { r: 0, b: 10, l: 0 },
    annotations: [] as unknown[],
  };
  const shown = new Set<string>();
  const legendOnce = (key: string) => {
    const first = !shown.has(key);
    shown.add(key);
    return first;
  };
  scenes.forEach((sc, i) => {
    const scene = i === 0 ? "scene" : `scene${i + 1}`;
    const axis = (t: string, range?: [number, number]) => ({ title: { text: t }, nticks: 5, tickfont: { size: 10 }, ...(range ? { range } : {}) });
    layout[scene] = {
      domain: { x: [i / scenes.length + 0.01, (i + 1) / scenes.length - 0.01], y: [0, 0.93] },
      xaxis: axis("e", sc.ranges?.e),
      yaxis: axis("w", sc.ranges?.w),
      zaxis: axis("a", sc.ranges?.a),
      aspectmode: "cube",
      camera: { eye: { x: 1.6, y: -1.6, z: 0.9 } },
    };
    (layout.annotations as unknown[]).push({
      text: sc.label,
      x: (i + 0.5) / scenes.length,
      y: 0.95,
      yanchor: "bottom",
      xref: "paper",
      yref: "paper",
      showarrow: false,
      font: { size: 14 },
    });
    if (sc.plane) {
      const [w0, w1] = sc.plane.w;
      const [a0, a1] = sc.plane.a;
      data.push({
        type: "surface",
        scene,
        name: "plane e = 0: critical, L = H<sub>uni</sub>",
        x: [[0, 0], [0, 0]],
        y: [[w0, w1], [w0, w1]],
        z: [[a0, a0], [a1, a1]],
        colorscale: [[0, "#f4a6a6"], [1, "#f4a6a6"]],
        showscale: false,
        opacity: 0.3,
        showlegend: legendOnce("plane"),
        legendgroup: "plane",
        hoverinfo: "skip",
      });
    }
    if (sc.gammaStar && sc.gammaStar.e.length > 0) {
      for (const sign of [1, -1]) {
        data.push({
          type: "scatter3d",
          mode: "lines",
          scene,
          name: "Γ* × {a = 0}: global minima (L = H<sub>bi</sub>)",
          x: sc.gammaStar.e.map((e) => sign * e),
          y: sc.gammaStar.w,
          z: sc.gammaStar.e.map(() => 0),
          line: { color: "#7b3fa0", width: 5, dash: "dash" },
          showlegend: legendOnce("gamma"),
          legendgroup: "gamma",
        });
      }
    }
    if (sc.cones) {
      const c = sc.cones;
      data.push({
        type: "cone",
        scene,
        name: "direction of −∇L",
        x: c.e,
        y: c.w,
        z: c.a,
        u: c.de,
        v: c.dw,
        w: c.da,
        anchor: "tail",
        sizemode: "absolute",
        sizeref: 0.4,
        colorscale: [[0, "#9e9e9e"], [1, "#9e9e9e"]],
        showscale: false,
        opacity: 0.55,
        showlegend: legendOnce("cones"),
        legendgroup: "cones",
        hoverinfo: "skip",
      });
    }
    for (const tr of sc.trajectories) {
      const s = tr.states;
      const n = Math.floor(s.length / 3);
      if (n === 0) continue;
      const es: number[] = [], ws: number[] = [], as: number[] = [];
      for (let k = 0; k < n; k++) {
        es.push(s[3 * k]);
        ws.push(s[3 * k + 1]);
        as.push(s[3 * k + 2]);
      }
      const color = ATTENTION_LIMIT_COLORS[tr.limit];
      data.push({
        type: "scatter3d",
        mode: "lines",
        scene,
        name: LIMIT_NAMES[tr.limit],
        x: es,
        y: ws,
        z: as,
        line: { color, width: 4 },
        showlegend: legendOnce(`flow-${tr.limit}`),
        legendgroup: `flow-${tr.limit}`,
      });
      data.push({
        type: "scatter3d",
        mode: "markers",
        scene,
        name: "start (Gaussian init)",
        x: [es[0]],
        y: [ws[0]],
        z: [as[0]],
        marker: { color: "black", size: 3 },
        showlegend: legendOnce("start"),
        legendgroup: "start",
      });
      data.push({
        type: "scatter3d",
        mode: "markers",
        scene,
        name: "end of flow",
        x: [es[n - 1]],
        y: [ws[n - 1]],
        z: [as[n - 1]],
        // Black like the start dots, so the legend's diamond is the one drawn; the line says where it went.
        marker: { color: "black", size: 4, symbol: "diamond" },
        showlegend: legendOnce("end"),
        legendgroup: "end",
      });
    }
  });
  return { data, layout };
}

/**
 * Heat maps of the one-sided curvature lim_{e→0+} ∂²L/∂e² over the critical plane e = 0 (axes w, a), one
 * panel per chain, with its zero contour: positive = the plane attracts there (local minima), negative = it
 * repels (§8 reconstruction; `attentionPlaneCurvature`).
 *
 * @example
 * attentionPlaneFigure([{ label: "p + q < 1", chain: attentionChain(0.2, 0.3, 24) }], [-1, 1], [-1, 1]);
 */
export function attentionPlaneFigure(
  cases: { label: string; chain: AttentionChain }[],
  wRange: [number, number],
  aRange: [number, number],
  n = 61,
): Figure {
  if (cases.length === 0) throw new RangeError("cases must not be empty");
  const grid = (lo: number, hi: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
  const ws = grid(wRange[0], wRange[1]);
  const as = grid(aRange[0], aRange[1]);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {
    // Room under the title for the panel labels.
    title: { text: "One-sided curvature κ⁺ = ∂²L/∂e² at e → 0⁺ over the critical plane e = 0: red (> 0) attracts, blue (< 0) repels", pad: { b: 30 } },
    height: 480,
    annotations: [] as unknown[],
  };
  const gap = 0.08;
  const width = (1 - gap * (cases.length - 1)) / cases.length;
  cases.forEach((c, i) => {
    const sx = i === 0 ? "" : String(i + 1);
    const z = as.map((a) => ws.map((w) => attentionPlaneCurvature(w, a, c.chain).plus));
    let zmax = 0;
    for (const row of z) for (const v of row) zmax = Math.max(zmax, Math.abs(v));
    data.push({
      type: "contour",
      xaxis: `x${sx}`,
      yaxis: `y${sx}`,
      name: c.label,
      x: ws,
      y: as,
      z,
      zmin: -zmax,
      zmax,
      colorscale: [[0, "#2166ac"], [0.5, "#f7f7f7"], [1, "#b2182b"]],
      contours: { coloring: "heatmap", showlabels: true },
      showscale: i === cases.length - 1,
      colorbar: { title: { text: "κ⁺" } },
    });
    layout[`xaxis${sx}`] = { title: { text: "w" }, domain: [i * (width + gap), i * (width + gap) + width], anchor: `y${sx}` };
    layout[`yaxis${sx}`] = { title: { text: "a" }, anchor: `x${sx}` };
    (layout.annotations as unknown[]).push({ text: c.label, x: i * (width + gap) + width / 2, y: 1, yanchor: "bottom", xref: "paper", yref: "paper", showarrow: false });
  });
  return { data, layout };
}

/**
 * Q(θ_t) − Q(θ_0) against t for several recorded flows and quantities (a conserved Q gives flat lines).
 *
 * @example
 * attentionDriftFigure("Drift of E(e, w)", [{ name: "flow 1", t: r.times!, values: Es }]);
 */
export function attentionDriftFigure(title: string, series: { name: string; t: number[]; values: number[]; group?: string; color?: string }[]): Figure {
  if (series.length === 0) throw new RangeError("series must not be empty");
  const shown = new Set<string>();
  const amplitude = (s: { values: number[] }) => Math.max(...s.values.map((v) => Math.abs(v - s.values[0])));
  // Largest drifts first, so a flat (conserved) curve is drawn last, on top, thick and dashed: never hidden.
  const ordered = series.slice().sort((a, b) => amplitude(b) - amplitude(a));
  const flat = Math.max(...series.map(amplitude)) * 1e-3;
  const data: Trace[] = ordered.map((s) => {
    const group = s.group ?? s.name;
    const first = !shown.has(group);
    shown.add(group);
    const isFlat = amplitude(s) <= flat;
    return {
      type: "scatter",
      mode: "lines",
      name: group,
      legendgroup: group,
      showlegend: first,
      x: s.t,
      y: s.values.map((v) => v - s.values[0]),
      line: { ...(s.color ? { color: s.color } : {}), width: isFlat ? 3.5 : 1.5, ...(isFlat ? { dash: "dash" } : {}) },
    };
  });
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: "t (gradient-flow time)" } },
      yaxis: { title: { text: "Q(θ<sub>t</sub>) − Q(θ<sub>0</sub>)" } },
      height: 460,
    },
  };
}

/**
 * Unit arrows of a 3-D field at every grid point (e, w, a) ∈ es × ws × as where it is nonzero (points where
 * the field vanishes, such as the critical plane e = 0, are skipped), for the cone trace of `attentionFlowFigure`.
 *
 * @example
 * coneField(attentionFlowField(0.2, 0.3, 24), [-0.2, -0.1, 0.1, 0.2], [-0.2, 0, 0.2], [-0.2, 0, 0.2]);
 */
export function coneField(field: Field, es: number[], ws: number[], as: number[]): ConeField {
  const out: ConeField = { e: [], w: [], a: [], de: [], dw: [], da: [] };
  const y = new Float64Array(3);
  const dy = new Float64Array(3);
  for (const e of es) {
    for (const w of ws) {
      for (const a of as) {
        y[0] = e;
        y[1] = w;
        y[2] = a;
        field(y, dy);
        const n = Math.hypot(dy[0], dy[1], dy[2]);
        if (!(n > 0) || !Number.isFinite(n)) continue;
        out.e.push(e);
        out.w.push(w);
        out.a.push(a);
        out.de.push(dy[0] / n);
        out.dw.push(dy[1] / n);
        out.da.push(dy[2] / n);
      }
    }
  }
  return out;
}

/**
 * The first part of a recorded 3-D trajectory that stays in the box max(|e|, |w|, |a|) ≤ half (a zoom on the
 * origin, as the paper's Fig. 5); the start is always kept.
 *
 * @example
 * clipToBox([0, 0, 0, 0.1, 0, 0, 0.5, 0, 0], 0.25); // [0, 0, 0, 0.1, 0, 0]
 */
export function clipToBox(states: ArrayLike<number>, half: number): number[] {
  if (!(half > 0)) throw new RangeError(`half must be > 0, got ${half}`);
  const out: number[] = [];
  for (let k = 0; k + 2 < states.length; k += 3) {
    const inside = Math.abs(states[k]) <= half && Math.abs(states[k + 1]) <= half && Math.abs(states[k + 2]) <= half;
    if (!inside && k > 0) break;
    out.push(states[k], states[k + 1], states[k + 2]);
  }
  return out;
}
