/**
 * `show(figure)`: the one call a notebook makes to draw a figure.
 *
 * plotly.js never travels inside a figure: each figure's HTML loads the project's one copy on
 * demand (src/runtime/plotly-loader.ts), so every saved figure draws whatever order its cells ran
 * in, and an executed notebook stays small. `NB_PLOTLY_INIT=inline` additionally sends one inlined
 * copy with the first figure of a kernel, for a notebook meant to travel outside the project (it is
 * lost when that cell is re-run; the figures then fall back to loading it). Default: `none`.
 *
 * @example
 * show({
 *   data: [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2], name: "loss" }],
 *   layout: { title: { text: "Loss" }, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "L" } } },
 * });
 */
import { readFileSync } from "fs";
import { createRequire } from "module";
import * as path from "path";
import { displayBundle, hasRichDisplay } from "./display";
import { withDefaults } from "./figure-defaults";
import { Figure, PLOTLY_MIME, PLOTLY_QUEUE, figureBundle, figureHash, validateFigure } from "./figure";
import { isKernelProcess } from "./interrupt";

/** Metadata marking the loader output, so page renderers that bring their own plotly.js can drop it. */
export const PLOTLY_LOADER_METADATA = { tdyn: "plotly-loader" };

/** Metadata marking a figure's output (in a kernel it carries no Plotly JSON part; see `show`). */
export const FIGURE_METADATA = { tdyn: "figure" };

const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

let loaderSent = false;
const idCounts = new Map<string, number>();

/** Path of the plotly.js bundle the project depends on. */
export function plotlyBundlePath(): string {
  const req = createRequire(path.join(process.cwd(), "__show__.js"));
  return req.resolve("plotly.js-dist-min/plotly.min.js");
}

/** The loader output: plotly.js inline, then the queue of figures that arrived first. */
export function plotlyLoaderHtml(): string {
  const source = readFileSync(plotlyBundlePath(), "utf8");
  if (/<\/script/i.test(source)) throw new Error("plotly.min.js contains </script>: cannot inline it");
  return (
    `<script type="text/javascript">${source}</script>\n` +
    `<script type="text/javascript">(window.${PLOTLY_QUEUE}||[]).forEach(function(f){f();});window.${PLOTLY_QUEUE}=[];</script>`
  );
}

/**
 * Draws a figure: validates it (title, axis titles, finite numbers), then sends ONE output with
 * Plotly JSON, HTML and plain text. Returns nothing, so a notebook cell ending in `show(…)` prints
 * nothing else.
 */
export function show(figure: Figure, env: Record<string, string | undefined> = process.env): void {
  const fig: Figure = withDefaults({ ...figure, config: { ...DEFAULT_CONFIG, ...(figure.config ?? {}) } });
  validateFigure(fig);
  const init = env.NB_PLOTLY_INIT ?? "none";
  if (init !== "inline" && init !== "none") throw new RangeError(`NB_PLOTLY_INIT must be "inline" or "none", got "${init}"`);
  if (!loaderSent && init === "inline" && hasRichDisplay()) {
    displayBundle({ "text/html": plotlyLoaderHtml(), "text/plain": "<plotly.js loaded>" }, { metadata: PLOTLY_LOADER_METADATA });
  }
  loaderSent = true;
  const hash = figureHash(fig);
  const n = (idCounts.get(hash) ?? 0) + 1;
  idCounts.set(hash, n);
  const id = n === 1 ? `fig-${hash}` : `fig-${hash}-${n}`;
  const bundle = figureBundle(fig, id);
  // In a Jupyter kernel the figure's JSON is stored once, inside its HTML (which every Jupyter
  // front end draws): a second copy as Plotly JSON doubled every saved notebook (issue 21, item 7).
  if (isKernelProcess(process.argv)) delete bundle[PLOTLY_MIME];
  displayBundle(bundle, { metadata: FIGURE_METADATA });
}
