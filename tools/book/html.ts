/**
 * HTML pages of the book: one per executed notebook (prose, code, outputs, live figures) and the
 * index (tools/book/index-page.ts). Pages link to `assets/` (plotly.js, KaTeX CSS and fonts,
 * styles), so the book opens offline from the file system. Check boxes are drawn from their
 * records, with the claim through KaTeX; long code cells are folded (one click opens them) so
 * prose and figures lead; outputs always stay visible.
 *
 * @example
 * const page = renderNotebookPage(nb, { title: "…", prev: null, next: null });
 */
import { CHECK_MIME, ClaimRecord } from "../../src/runtime/check";
import { checkBoxHtml } from "../../src/runtime/check-view";
import { PLOTLY_MIME } from "../../src/runtime/figure";
import { PLOTLY_LOADER_METADATA } from "../../src/runtime/show";
import { CodeCell, Notebook, Output, text } from "./ipynb";
import { escapeHtml } from "../../src/runtime/html";
import { highlight, renderMarkdown, renderMathText } from "./markdown";
import { stripAnsi } from "./execute";
import { BOOK_TITLE, head } from "./page-head";
import { quickBanner } from "./banner";

export { BOOK_TITLE };
export { IndexEntry, RunInfo, renderIndex } from "./index-page";

/** A code cell longer than this many lines is folded in the book. */
export const FOLD_LINES = 8;

function renderOutput(out: Output): string {
  if (out.output_type === "stream") {
    return `<pre class="stream ${out.name}">${escapeHtml(stripAnsi(text(out.text)))}</pre>`;
  }
  if (out.output_type === "error") {
    return `<pre class="stream stderr">${escapeHtml(stripAnsi(`${out.ename}: ${out.evalue}\n${out.traceback.join("\n")}`))}</pre>`;
  }
  if (out.metadata?.tdyn === PLOTLY_LOADER_METADATA.tdyn) return ""; // the page loads plotly.js itself
  const data = out.data;
  const record = data[CHECK_MIME] as ClaimRecord | undefined;
  if (record) return checkBoxHtml(record, renderMathText(record.claim));
  const str = (k: string) => text(data[k] as string | string[]);
  if (data["text/html"] !== undefined) return `<div class="display">${str("text/html")}</div>`;
  if (data["image/svg+xml"] !== undefined) return `<div class="display">${str("image/svg+xml")}</div>`;
  if (data["image/png"] !== undefined) return `<div class="display"><img alt="figure" src="data:image/png;base64,${str("image/png")}"></div>`;
  if (data["text/markdown"] !== undefined) return `<div class="display md">${renderMarkdown(str("text/markdown"))}</div>`;
  if (data["text/plain"] !== undefined) return `<pre class="stream stdout">${escapeHtml(str("text/plain"))}</pre>`;
  return "";
}

export interface PageLinks {
  title: string;
  /** The profile the page was built in; a quick page carries a banner saying so. */
  profile?: "quick" | "full";
  prev: { href: string; title: string } | null;
  next: { href: string; title: string } | null;
}

function nav(links: PageLinks): string {
  const prev = links.prev ? `<a href="${links.prev.href}">← ${escapeHtml(links.prev.title)}</a>` : "<span></span>";
  const next = links.next ? `<a href="${links.next.href}">${escapeHtml(links.next.title)} →</a>` : "<span></span>";
  return `<nav class="pager">${prev}<a href="index.html">Contents</a>${next}</nav>`;
}

/** Long cells, and cells whose only outputs are checks, are folded; a short figure cell stays open. */
export function shouldFold(cell: CodeCell): boolean {
  const lines = text(cell.source).trimEnd().split("\n").length;
  const outs = cell.outputs ?? [];
  const onlyChecks = outs.length > 0 && outs.every((o) => o.output_type === "display_data" && o.data[CHECK_MIME] !== undefined);
  const hasFigure = outs.some((o) => o.output_type === "display_data" && o.data[PLOTLY_MIME] !== undefined);
  return lines > FOLD_LINES || (onlyChecks && lines > 3 && !hasFigure);
}

function foldedCode(src: string, code: string): string {
  const lines = src.trimEnd().split("\n");
  const first = lines.find((l) => /^\s*\/\//.test(l))?.replace(/^\s*\/\/\s*/, "");
  const what = first ? ` — ${escapeHtml(first.length > 70 ? first.slice(0, 69) + "…" : first)}` : "";
  return `<details class="fold"><summary>Code, ${lines.length} lines${what}</summary>${code}</details>`;
}

/** One notebook as a page. Markdown math is rendered here; a formula KaTeX rejects is an error. */
export function renderNotebookPage(nb: Notebook, links: PageLinks): string {
  const body = nb.cells
    .map((cell, i) => {
      const src = text(cell.source);
      if (cell.cell_type === "markdown") {
        try {
          return `<section class="md">${renderMarkdown(src)}</section>`;
        } catch (e) {
          throw new Error(`markdown cell ${i + 1}: ${(e as Error).message}`);
        }
      }
      if (cell.cell_type !== "code") return "";
      let outputs: string;
      try {
        outputs = (cell.outputs ?? []).map(renderOutput).join("\n");
      } catch (e) {
        throw new Error(`code cell ${i + 1}: ${(e as Error).message}`);
      }
      const code = `<pre class="code"><code class="hljs language-typescript">${highlight(src)}</code></pre>`;
      return `<div class="cell">${shouldFold(cell) ? foldedCode(src, code) : code}` + (outputs ? `<div class="outputs">${outputs}</div>` : "") + `</div>`;
    })
    .join("\n");
  return `${head(`${links.title} — ${BOOK_TITLE}`)}\n${nav(links)}\n<main>\n${quickBanner(links.profile)}${body}\n</main>\n${nav(links)}\n</body></html>\n`;
}

export const BOOK_CSS = `
body { font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d232a; margin: 0; background: #fcfcfc; }
main { max-width: 980px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
main > * { max-width: 100%; }
h1, h2, h3 { line-height: 1.25; overflow-wrap: anywhere; }
a { color: #1f5fa8; }
.pager { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .4rem 1rem; max-width: 980px; margin: 0 auto; padding: .8rem 1.5rem; font-size: .9rem; border-bottom: 1px solid #e3e6ea; }
.pager:last-of-type { border-top: 1px solid #e3e6ea; border-bottom: none; }
.cell { margin: 1rem 0; min-width: 0; }
pre.code code.hljs { background: transparent; padding: 0; }
pre.code { background: #f5f7f9; border: 1px solid #e3e6ea; border-left: 3px solid #8aa4c8; border-radius: 4px; padding: .6rem .8rem; overflow-x: auto; font-size: .86rem; margin: 0; max-width: 100%; box-sizing: border-box; }
details.fold > summary { cursor: pointer; color: #44617f; font-size: .86rem; padding: .3rem .6rem; background: #f5f7f9; border: 1px solid #e3e6ea; border-left: 3px solid #8aa4c8; border-radius: 4px; list-style-position: inside; }
details.fold[open] > summary { border-bottom-left-radius: 0; border-bottom-right-radius: 0; border-bottom: none; }
details.fold > summary:hover { background: #edf1f5; }
.outputs { padding: .3rem 0 .3rem .9rem; border-left: 3px solid #e3e6ea; margin-top: .2rem; min-width: 0; }
pre.stream { margin: .2rem 0; font-size: .84rem; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.stderr { background: #fff3f3; color: #8a1c1c; padding: .4rem; }
.display { margin: .3rem 0; overflow-x: auto; }
.tdyn-check { font-size: .95rem; }
.tdyn-check:target { outline: 2px solid #1f5fa8; outline-offset: 2px; }
.katex-block, .katex-display { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
section.md table, .scroll { display: block; overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.scroll > table { display: table; }
th, td { border-bottom: 1px solid #e3e6ea; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mark { font-weight: bold; white-space: nowrap; }
td.mark .claim-reason { font-weight: normal; font-size: .78rem; color: #5f6b76; white-space: normal; }
.paper-verdicts { font-size: .9rem; margin: .15rem 0 .4rem; }
.verdict { font-weight: bold; white-space: nowrap; }
td.verdicts { font-size: .85rem; }
td.verdicts a { text-decoration: none; }
h4 { margin: .9rem 0 .3rem; font-size: .95rem; color: #44617f; }
.profile-banner { background: #fdf4e3; border: 1px solid #e6c07a; border-left: 5px solid #a35f00; padding: .5rem .8rem; margin: .6rem 0 1rem; font-size: .95rem; }
td.claim .claim-id { font-size: .78rem; margin-top: .15rem; }
td.claim .claim-id a { color: #5f6b76; }
tr.fail td.mark { color: #c62828; }
tr.fail { background: #ffebee; }
h3 .count { font-weight: normal; font-size: .85rem; color: #555; }
.summary { color: #555; font-size: .85rem; }
.runinfo, .kinds { color: #555; font-size: .85rem; }
.lead { font-size: 1.05rem; }
ul.papers { padding-left: 1.2rem; }
ul.papers li { margin: .3rem 0; }
.status { display: inline-block; font-size: .75rem; font-weight: bold; text-transform: uppercase; letter-spacing: .04em; padding: 0 .35rem; border-radius: 3px; }
.status.covered { background: #e3f1e4; color: #2e7d32; }
.status.coming { background: #eef0f3; color: #5f6b76; }
@media (max-width: 600px) {
  main { padding: .6rem .7rem 2rem; }
  .pager { padding: .6rem .7rem; }
  .outputs { padding-left: .4rem; }
  h1 { font-size: 1.5rem; }
  table { font-size: .82rem; }
  th, td { padding: .3rem .35rem; }
}
`;
