/**
 * A Plotly figure as plain JSON, and the one output bundle that carries it.
 *
 * The bundle has three parts: `application/vnd.plotly.v1+json` (VS Code, JupyterLab with the
 * plotly extension), `text/html` (a div and a script: classic Notebook, nbconvert, the book) and
 * `text/plain`. The div id is a hash of the figure, so re-running with the same seed gives
 * byte-identical output.
 *
 * @example
 * const fig: Figure = {
 *   data: [{ type: "scatter", x: [0, 1], y: [1, 0], name: "L(t)" }],
 *   layout: { title: { text: "Loss" }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" } } },
 * };
 * figureBundle(fig, "fig-1a2b3c")["text/plain"]; // "<Plotly figure: Loss>"
 */
import { createHash } from "crypto";
import type { MimeBundle } from "./display";
import { assertLogAxesDrawable } from "./log-axes";
import { PLOTLY_QUEUE, plotlyLoaderCall } from "./plotly-loader";

export { PLOTLY_QUEUE };

export type Trace = { type?: string; name?: string } & Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** Plotly animation frames (precomputed, so sliders work in the static book). */
  frames?: Record<string, unknown>[];
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The title text of a figure, or of an axis, whether given as a string or as `{ text }`. */
export function titleText(title: unknown): string {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return "";
}

const CARTESIAN = new Set(["scatter", "scattergl", "contour", "heatmap", "histogram", "bar", "box", "violin"]);
const SCENE = new Set(["scatter3d", "surface", "cone", "streamtube", "mesh3d", "isosurface"]);

/**
 * Rejects figures a reader could not read or that hide a bug: no title, unlabelled axes,
 * NaN or ±Infinity anywhere in the data, values ≤ 0 on a log axis (Plotly would draw both as
 * silent gaps; log-axes.ts). `null` stays allowed: it is how a figure asks for a gap on purpose.
 */
export function validateFigure(fig: Figure): void {
  const title = titleText(fig.layout.title);
  if (!title) throw new Error("figure has no title: set layout.title");
  const where = `figure "${title}"`;
  if (!Array.isArray(fig.data) || fig.data.length === 0) throw new Error(`${where} has no traces`);
  const layout = fig.layout as Record<string, Record<string, unknown> | undefined>;
  fig.data.forEach((trace, i) => {
    const type = trace.type ?? "scatter";
    if (CARTESIAN.has(type)) {
      for (const [ref, def] of [["xaxis", "x"], ["yaxis", "y"]] as const) {
        const id = String(trace[def === "x" ? "xaxis" : "yaxis"] ?? def).replace(/^([xy])/, ref);
        if (!titleText(layout[id]?.title)) throw new Error(`${where}: axis ${id} has no title (trace ${i})`);
      }
    } else if (SCENE.has(type)) {
      const scene = layout[String(trace.scene ?? "scene")] as Record<string, { title?: unknown } | undefined> | undefined;
      for (const axis of ["xaxis", "yaxis", "zaxis"]) {
        if (!titleText(scene?.[axis]?.title)) throw new Error(`${where}: 3-D ${axis} has no title (trace ${i})`);
      }
    }
    assertFinite(trace, `${where}, trace ${i}${trace.name ? ` "${trace.name}"` : ""}`);
    assertNoTex(trace, `${where}, trace ${i}`);
  });
  assertNoTex(fig.layout, `${where}, layout`);
  (fig.frames ?? []).forEach((frame, k) => assertFinite(frame, `${where}, frame ${k}`));
  assertLogAxesDrawable(fig, where);
}

/** Keys whose string values a reader sees: titles, legend names, annotations, ticks, slider labels. */
const TEXT_KEYS = new Set(["text", "name", "title", "ticktext", "label", "prefix", "suffix"]);

/**
 * Plotly typesets `$…$` only when MathJax is on the page, which it is not in the book or in
 * Jupyter: TeX shows raw. So does `x_{n+1}` or `H_uni`. Write symbols in Unicode and indices
 * with `<sub>`/`<sup>` (Plotly renders those everywhere).
 */
export function texInText(s: string): string | null {
  const m = /\$[^$]+\$/.exec(s) ?? /\\[A-Za-z]+/.exec(s) ?? /[\p{L}\p{N})\]]_(?:\{|[\p{L}\p{N}])/u.exec(s) ?? /[\p{L}\p{N})\]]\^\{/u.exec(s);
  return m ? m[0] : null;
}

function assertNoTex(value: unknown, where: string, key = "", textual = false): void {
  if (typeof value === "string") {
    const tex = textual ? texInText(value) : null;
    if (tex) {
      throw new Error(
        `${where}: "${key}" has TeX-like text ${JSON.stringify(tex)} in ${JSON.stringify(value)}; Plotly cannot typeset it here — ` +
          `write the symbol in Unicode and indices with <sub>…</sub> or <sup>…</sup> (e.g. "x<sub>n+1</sub>", "H<sub>uni</sub>", "φ(c)")`,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoTex(v, where, `${key}[${i}]`, textual));
  } else if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) assertNoTex(v, where, key ? `${key}.${k}` : k, TEXT_KEYS.has(k) || (textual && k !== "font"));
  }
}

function assertFinite(value: unknown, where: string, key = ""): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${where}: non-finite value ${value} in "${key}"`);
  } else if (ArrayBuffer.isView(value)) {
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i])) throw new Error(`${where}: non-finite value ${arr[i]} in "${key}[${i}]"`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, where, `${key}[${i}]`));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) assertFinite(v, where, key ? `${key}.${k}` : k);
  }
}

/** JSON of the figure with typed arrays as plain arrays; the same figure always gives the same text. */
export function figureJson(fig: Figure): string {
  return JSON.stringify(fig, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
}

/** A content hash of the figure (12 hex digits). */
export function figureHash(fig: Figure): string {
  return createHash("sha256").update(figureJson(fig)).digest("hex").slice(0, 12);
}

/** JSON that is safe inside a `<script>` element. */
export function scriptSafeJson(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Browser code run before drawing: a title longer than the figure is wide is broken into lines at
 * spaces (Plotly never wraps titles; at a phone's width they were cut at both ends).
 */
const WRAP_TITLE =
  `var t=s.layout&&s.layout.title;if(t&&typeof t.text==="string"&&t.text.indexOf("<br")<0){` +
  `var fs=(t.font&&t.font.size)||16,max=Math.max(16,Math.floor(((el.clientWidth||900)-40)/(fs*0.62))),` +
  `ws=t.text.split(" "),ls=[""],len=function(x){return x.replace(/<[^>]*>/g,"").length;};` +
  `ws.forEach(function(w){var l=ls[ls.length-1];if(l&&len(l+" "+w)>max)ls.push(w);else ls[ls.length-1]=l?l+" "+w:w;});t.text=ls.join("<br>");` +
  `var LH=Math.round(fs*1.3),m=s.layout.margin=s.layout.margin||{},p=t.pad=t.pad||{},b0=p.b||12;` +
  `p.b=b0+(ls.length-1)*LH;m.t=Math.max(m.t||68,36+ls.length*LH+b0);}`;

/** What a figure's box says until its script draws it: scripts that never run leave this text. */
export const SCRIPT_DID_NOT_RUN =
  "This figure is drawn by a script, and the script has not run. In JupyterLab or Jupyter Notebook " +
  "the notebook is probably not trusted: choose File > Trust Notebook (or run `jupyter trust` on the " +
  "file), then reload the page. Elsewhere, read the book (npm run book) or an export (npm run export).";

/**
 * The one output bundle for a figure; `id` becomes the HTML element id. The HTML draws wherever
 * it is shown, in any order: it loads plotly.js itself when the page has none (see plotly-loader).
 * It draws into EVERY element with its id — JupyterLab's File > New View shows the same output,
 * with the same id, twice — and until it draws, its box says why it is empty.
 */
export function figureBundle(fig: Figure, id: string): MimeBundle {
  const json = figureJson(fig);
  const spec = JSON.parse(json) as Figure;
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 480;
  const html =
    `<div id="${id}" class="tdyn-figure" style="width:100%;height:${height}px">` +
    `<p class="tdyn-figure-note" style="margin:0;padding:1em;color:#a33;border:1px dashed #c99">${SCRIPT_DID_NOT_RUN}</p></div>\n` +
    `<script type="text/javascript">(function(){var S=${scriptSafeJson(json)};` +
    `function one(el){if(el.getAttribute("data-drawn"))return;el.setAttribute("data-drawn","1");el.textContent="";` +
    `var s=JSON.parse(JSON.stringify(S));${WRAP_TITLE}window.Plotly.newPlot(el,s.data,s.layout,s.config||{}).then(function(){` +
    `if(s.frames&&s.frames.length)return window.Plotly.addFrames(el,s.frames);});}` +
    `function draw(){var l=document.querySelectorAll('[id="${id}"]');for(var i=0;i<l.length;i++)one(l[i]);}` +
    `${plotlyLoaderCall("draw", id)}})();</script>`;
  return {
    [PLOTLY_MIME]: spec,
    "text/html": html,
    "text/plain": `<Plotly figure: ${titleText(fig.layout.title)}>`,
  };
}
