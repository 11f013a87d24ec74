/**
 * Opens pages in headless Chromium and reports what a reader would see: which figures plotly.js
 * actually drew, and whether math was typeset with KaTeX's CSS and fonts in place.
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

export interface PageReport {
  file: string;
  /** Every figure element on the page, and whether plotly.js drew into it. */
  figures: { id: string; rendered: boolean }[];
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
  return codeCells(nb).reduce((n, c) => n + (c.outputs ?? []).filter((o) => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined).length, 0);
}

export async function inspectPages(files: string[], options: { settleMs?: number } = {}): Promise<PageReport[]> {
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
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(/^https?:/.test(file) ? file : pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
      // The book's figures draw on load; elsewhere plotly.js may still be loading on demand.
      await page
        .waitForFunction(() => Array.from(document.querySelectorAll(".tdyn-figure")).every((el) => el.querySelector("svg.main-svg") || el.textContent), undefined, { timeout: 30_000 })
        .catch(() => undefined);
      await page.waitForTimeout(options.settleMs ?? 500);
      const found = await page.evaluate(async () => {
        await document.fonts.ready;
        const figures = Array.from(document.querySelectorAll(".tdyn-figure")).map((el) => ({
          id: el.id,
          rendered: el.querySelector("svg.main-svg") !== null,
        }));
        const mathml = document.querySelector(".katex .katex-mathml");
        return {
          figures,
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
      reports.push({ file, ...found, pageErrors });
      await page.close();
    }
    return reports;
  } finally {
    await browser.close();
  }
}
