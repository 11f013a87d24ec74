/**
 * The book's one set of Plotly layout defaults, applied by `show()` under every figure's own
 * layout (the figure's values win): titles left-aligned and padded below the mode bar, axes that
 * grow their margins to fit tick labels and titles (automargin), one legend placement (a
 * horizontal row at the bottom of the figure, reserved so it never covers an axis title), the
 * prose font, and colour bars of one size.
 *
 * @example
 * withDefaults({ data, layout: { title: { text: "Loss" } } }).layout.title; // { text: "Loss", x: 0, …, pad: { t: 34, b: 10 } }
 */
import type { Figure, Trace } from "./figure";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** `over` merged onto `base`, recursively for plain objects; arrays and typed arrays are replaced. */
export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  return out;
}

/** Height of one line of a 16 px title, in px. */
export const TITLE_LINE = 21;

export const FONT_FAMILY = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Layout defaults for every figure. */
export const LAYOUT_DEFAULTS: Obj = {
  font: { family: FONT_FAMILY, size: 13, color: "#1d232a" },
  // Just above the plot, at the figure's left edge; the top margin keeps one line of title below
  // the mode bar (≈ 30 px at the top right). In the browser the figure's script wraps a long title
  // and sets the top margin and pad for its lines (Plotly hangs extra lines below the first, and
  // its title automargin moves them unpredictably, so it is off).
  title: { x: 0, xref: "container", xanchor: "left", y: 1, yref: "paper", yanchor: "bottom", pad: { b: 12, l: 12 }, automargin: false, font: { size: 16 } },
  legend: { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom", font: { size: 12 } },
  margin: { t: 68, r: 20, b: 30, l: 50 },
  hoverlabel: { font: { family: FONT_FAMILY } },
};

/** Every 2-D axis: grow the margins to fit tick labels and the axis title. */
export const AXIS_DEFAULTS: Obj = { automargin: true, title: { standoff: 10 } };

/**
 * Log axes: every tick label a whole number. Plotly's default labels the ticks between decades
 * with a bare digit, so 0.5 reads "5" and 20 reads "2"; a tickformat makes it print the value.
 */
export const LOG_AXIS_DEFAULTS: Obj = { tickformat: "~g" };

/** Colour bars: one thickness, titles on top. */
export const COLORBAR_DEFAULTS: Obj = { thickness: 14, outlinewidth: 0, title: { side: "top" } };

const HAS_COLORBAR = new Set(["heatmap", "contour", "surface", "histogram2d", "histogram2dcontour", "cone", "streamtube", "mesh3d"]);

/** The figure with the book's defaults under its own layout. */
export function withDefaults(fig: Figure): Figure {
  let layout = deepMerge(LAYOUT_DEFAULTS, fig.layout);
  const axes = new Set(Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k)));
  for (const t of fig.data) {
    const type = t.type ?? "scatter";
    if (type.endsWith("3d") || ["surface", "cone", "streamtube", "mesh3d", "isosurface", "pie"].includes(type)) continue;
    axes.add(String(t.xaxis ?? "x").replace(/^x/, "xaxis"));
    axes.add(String(t.yaxis ?? "y").replace(/^y/, "yaxis"));
  }
  for (const a of axes) {
    const own = (layout[a] as Obj) ?? {};
    const log = own.type === "log" && own.tickformat === undefined && own.dtick === undefined && own.exponentformat === undefined;
    layout = { ...layout, [a]: deepMerge(log ? { ...AXIS_DEFAULTS, ...LOG_AXIS_DEFAULTS } : AXIS_DEFAULTS, own) };
  }
  const data = fig.data.map((t): Trace => {
    const type = t.type ?? "scatter";
    if (!HAS_COLORBAR.has(type) || t.showscale === false) return t;
    return { ...t, colorbar: deepMerge(COLORBAR_DEFAULTS, (t.colorbar as Obj) ?? {}) };
  });
  return { ...fig, data, layout };
}
