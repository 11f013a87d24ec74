/**
 * Opens pages in headless Chromium and reports what a reader would see: which figures plotly.js
 * actually drew, whether a figure's title is covered (by the mode bar) or cut off, whether tick
 * labels are clipped by the figure's edge or covered by their axis title, raw markup left in the
 * visible text (`$`, `\(`, `\[`, `**`, `\begin{`), and whether math was typeset with KaTeX's CSS
 * and fonts in place. `problems(report)` lists every fault in words.
 *
 * Uses Debian's `/usr/bin/chromium` (or `$CHROMIUM`) through playwright-core, which downloads no
 * browser of its own.
 *
 * @example
 * const [report] = await inspectPages(["build/book/00-how-to-use-this-book.html"]);
 * report.figures.every((f) => f.rendered); // true when every figure drew
 */
import { existsSync } from "fs";
import { pathToFileURL } from "url";
import { PLOTLY_MIME } from "../../src/runtime/figure";
import { Notebook, codeCells } from "./ipynb";

export interface FigureReport {
  id: string;
  /** plotly.js drew its root (`svg.main-svg`) into the element. */
  rendered: boolean;
  title: string;
  /** The title's box overlaps the mode bar's. */
  titleCovered: boolean;
  /** The title's box reaches outside the figure (cut at its ends). */
  titleCut: boolean;
  /** Tick labels whose box reaches outside the figure, e.g. "y: 0.8, 0.9". */
  clippedTicks: string[];
  /** Axis titles drawn over their own tick labels, e.g. "y". */
  titleOverTicks: string[];
  /**
   * Scatter traces that drew fewer points than they were given (e.g. values ≤ 0 on a log axis, which
   * plotly.js drops without a word), e.g. `trace 0 "L": 7 of 10 points drawn`.
   */
  lostPoints: string[];
}

export interface PageReport {
  file: string;
  width: number;
  /** Every figure element on the page, and what a reader sees of it. */
  figures: FigureReport[];
  /** Raw markup in the visible text, each with a little context. */
  rawMarkup: string[];
  /** The page is wider than the window (something does not wrap or scroll in its own box). */
  overflowX: number;
  /** Typeset formulas (`.katex`), KaTeX errors, and whether the KaTeX stylesheet and fonts applied. */
  math: { formulas: number; errors: number; cssApplied: boolean; fontLoaded: boolean };
  /** Uncaught errors in the page's scripts. */
  pageErrors: string[];
}

/** The Chromium binary to drive, or null when none is installed. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const p of [env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (p && existsSync(p)) return p;
  return null;
}

/** Number of figures an executed notebook emitted (outputs carrying Plotly JSON). */
export function emittedFigures(nb: Notebook): number {
  return codeCells(nb).reduce((n, c) => n + (c.outputs ?? []).filter((o) => o.output_type === "display_data" && (o.data[PLOTLY_MIME] !== undefined || o.metadata?.tdyn === "figure")).length, 0);
}

/** Every fault of a page, in words (empty when a reader would see nothing wrong). */
export function problems(r: PageReport): string[] {
  const out: string[] = [];
  const name = r.file.split("/").pop();
  for (const f of r.figures) {
    const where = `${name} @${r.width}px figure ${f.id} "${f.title.slice(0, 60)}"`;
    if (!f.rendered) out.push(`${where}: not drawn (no plotly root)`);
    if (f.titleCovered) out.push(`${where}: title covered by the mode bar`);
    if (f.titleCut) out.push(`${where}: title cut off at the figure's edge`);
    if (f.clippedTicks.length) out.push(`${where}: tick labels clipped: ${f.clippedTicks.join("; ")}`);
    if (f.titleOverTicks.length) out.push(`${where}: axis title over its tick labels: ${f.titleOverTicks.join(", ")}`);
    if (f.lostPoints.length) out.push(`${where}: points given but not drawn: ${f.lostPoints.join("; ")}`);
  }
  for (const m of r.rawMarkup) out.push(`${name} @${r.width}px: raw markup in visible text: ${m}`);
  if (r.overflowX > 2) out.push(`${name} @${r.width}px: page ${r.overflowX}px wider than the window`);
  for (const e of r.pageErrors) out.push(`${name}: page error: ${e}`);
  return out;
}

export async function inspectPages(files: string[], options: { settleMs?: number; width?: number } = {}): Promise<PageReport[]> {
  const width = options.width ?? 1400;
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no Chromium found (install Debian's `chromium`, or set CHROMIUM)");
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try {
    const reports: PageReport[] = [];
    for (const file of files) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      // tsx (esbuild keepNames) wraps the evaluated functions' inner helpers in __name(); give the page one.
      await page.addInitScript({ content: "window.__name = function (f) { return f; };" });
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(/^https?:/.test(file) ? file : pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
      // The book's figures draw on load; elsewhere plotly.js may still be loading on demand.
      await page
        .waitForFunction(() => Array.from(document.querySelectorAll(".tdyn-figure")).every((el) => el.querySelector("svg.main-svg") || el.hasAttribute("data-tdyn-failed")), undefined, { timeout: 30_000 })
        .catch(() => undefined);
      await page.waitForTimeout(options.settleMs ?? 500);
      const found = await page.evaluate(async () => {
        await document.fonts.ready;
        type Box = { left: number; right: number; top: number; bottom: number };
        const box = (el: Element): Box => el.getBoundingClientRect();
        const overlap = (a: Box, b: Box, slack = 1) =>
          a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
        const outside = (a: Box, b: Box, slack = 1) =>
          a.left < b.left - slack || a.right > b.right + slack || a.top < b.top - slack || a.bottom > b.bottom + slack;
        const figures = Array.from(document.querySelectorAll(".tdyn-figure")).map((el) => {
          const root = el.querySelector("svg.main-svg");
          const frame = box(el);
          const titleEl = el.querySelector(".g-gtitle text");
          const modebar = el.querySelector(".modebar");
          const title = titleEl?.textContent ?? "";
          const tb = titleEl ? box(titleEl) : null;
          const clippedTicks: string[] = [];
          const ticks = new Map<string, Box[]>();
          el.querySelectorAll('g[class$="tick"] > text').forEach((t) => {
            const axis = (t.parentElement?.getAttribute("class") ?? "").replace(/tick$/, "");
            const b = box(t);
            if (b.right - b.left < 0.5) return; // hidden label
            (ticks.get(axis) ?? ticks.set(axis, []).get(axis)!).push(b);
            if (outside(b, frame)) clippedTicks.push(`${axis}: ${t.textContent}`);
          });
          const titleOverTicks: string[] = [];
          el.querySelectorAll('g[class^="g-"][class$="title"]:not(.g-gtitle) text').forEach((t) => {
            const axis = (t.parentElement?.getAttribute("class") ?? "").replace(/^g-/, "").replace(/title$/, "");
            const b = box(t);
            if ((ticks.get(axis) ?? []).some((k) => overlap(b, k, 2))) titleOverTicks.push(axis);
          });
          // Points given vs points plotly.js can place: its calcdata holds every point, and an axis's
          // c2p gives no finite pixel for a value it cannot draw (≤ 0 on a log axis, BADNUM).
          const lostPoints: string[] = [];
          type Axis = { c2p?: (v: unknown) => number };
          type Gd = {
            data?: Record<string, unknown>[]; calcdata?: { x?: unknown; y?: unknown }[][];
            _fullData?: { visible?: unknown; xaxis?: string; yaxis?: string }[]; _fullLayout?: Record<string, Axis | undefined>;
          };
          const gd = el as unknown as Gd;
          const placed = (axis: Axis | undefined, v: unknown) => (axis?.c2p ? Number.isFinite(axis.c2p(v)) : Number.isFinite(v));
          (gd.data ?? []).forEach((trace, i) => {
            const type = (trace.type as string | undefined) ?? "scatter";
            if ((type !== "scatter" && type !== "scattergl") || gd._fullData?.[i]?.visible !== true) return;
            const ys = (trace.y ?? []) as unknown[], xs = trace.x as unknown[] | undefined;
            let given = 0;
            for (let j = 0; j < ys.length; j++) if (ys[j] !== null && ys[j] !== undefined && (!xs || (xs[j] !== null && xs[j] !== undefined))) given++;
            const full = gd._fullData?.[i], layout = gd._fullLayout ?? {};
            const xa = layout[(full?.xaxis ?? "x").replace(/^x/, "xaxis")], ya = layout[(full?.yaxis ?? "y").replace(/^y/, "yaxis")];
            const drawn = (gd.calcdata?.[i] ?? []).filter((pt) => placed(xa, pt.x) && placed(ya, pt.y)).length;
            if (drawn < given) lostPoints.push(`trace ${i}${trace.name ? ` "${trace.name}"` : ""}: ${drawn} of ${given} points drawn`);
          });
          return {
            id: el.id,
            rendered: root !== null,
            lostPoints,
            title,
            titleCovered: !!(tb && modebar && overlap(tb, box(modebar))),
            titleCut: !!(tb && outside(tb, frame)),
            clippedTicks,
            titleOverTicks,
          };
        });
        // Visible text: no code, no typeset math, no scripts; figures' SVG text included.
        const clone = document.body.cloneNode(true) as HTMLElement;
        clone.querySelectorAll("pre, code, script, style, .katex, .modebar").forEach((n) => n.remove());
        const textOf = clone.textContent ?? "";
        const rawMarkup: string[] = [];
        for (const re of [/\$/g, /\\[()[\]]/g, /\*\*/g, /\\begin\{/g]) {
          const m = re.exec(textOf);
          if (m) rawMarkup.push(JSON.stringify(textOf.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, " ").trim()));
        }
        const mathml = document.querySelector(".katex .katex-mathml");
        return {
          figures,
          rawMarkup,
          overflowX: document.documentElement.scrollWidth - window.innerWidth,
          math: {
            formulas: document.querySelectorAll(".katex").length,
            errors: document.querySelectorAll(".katex-error").length,
            // KaTeX's CSS hides the MathML copy; without the stylesheet it would show twice.
            cssApplied: mathml ? getComputedStyle(mathml).position === "absolute" : false,
            fontLoaded: Array.from(document.fonts as unknown as Iterable<FontFace>).some(
              (f) => f.family.replace(/["']/g, "") === "KaTeX_Main" && f.status === "loaded",
            ),
          },
        };
      });
      reports.push({ file, width, ...found, pageErrors });
      await page.close();
    }
    return reports;
  } finally {
    await browser.close();
  }
}
