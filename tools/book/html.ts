/**
 * HTML pages of the book: one per executed notebook (prose, code, outputs, live figures) and an
 * index with the table of every checked claim. Pages link to `assets/` (plotly.js, KaTeX CSS and
 * fonts, styles), so the book opens offline from the file system.
 *
 * @example
 * const page = renderNotebookPage(nb, { title: "…", prev: null, next: null });
 */
import { ClaimRecord, describe, formatNumber } from "../../src/runtime/check";
import { PLOTLY_LOADER_METADATA } from "../../src/runtime/show";
import { Notebook, Output, text } from "./ipynb";
import { escapeHtml } from "../../src/runtime/html";
import { highlight, renderMarkdown } from "./markdown";
import { stripAnsi } from "./execute";

export const BOOK_TITLE = "Executable proofs of transformer training dynamics";

function head(title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/hljs.css">
<link rel="stylesheet" href="assets/book.css">
<script src="assets/plotly.min.js"></script>
</head><body>`;
}

function renderOutput(out: Output): string {
  if (out.output_type === "stream") {
    return `<pre class="stream ${out.name}">${escapeHtml(stripAnsi(text(out.text)))}</pre>`;
  }
  if (out.output_type === "error") {
    return `<pre class="stream stderr">${escapeHtml(stripAnsi(`${out.ename}: ${out.evalue}\n${out.traceback.join("\n")}`))}</pre>`;
  }
  if (out.metadata?.tdyn === PLOTLY_LOADER_METADATA.tdyn) return ""; // the page loads plotly.js itself
  const data = out.data;
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
  prev: { href: string; title: string } | null;
  next: { href: string; title: string } | null;
}

function nav(links: PageLinks): string {
  const prev = links.prev ? `<a href="${links.prev.href}">← ${escapeHtml(links.prev.title)}</a>` : "<span></span>";
  const next = links.next ? `<a href="${links.next.href}">${escapeHtml(links.next.title)} →</a>` : "<span></span>";
  return `<nav class="pager">${prev}<a href="index.html">Contents</a>${next}</nav>`;
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
      const outputs = (cell.outputs ?? []).map(renderOutput).join("\n");
      return (
        `<div class="cell"><pre class="code"><code class="hljs language-typescript">${highlight(src)}</code></pre>` +
        (outputs ? `<div class="outputs">${outputs}</div>` : "") +
        `</div>`
      );
    })
    .join("\n");
  return `${head(`${links.title} — ${BOOK_TITLE}`)}\n${nav(links)}\n<main>\n${body}\n</main>\n${nav(links)}\n</body></html>\n`;
}

export interface IndexEntry {
  href: string;
  name: string;
  title: string;
  summary: string;
  seconds: number;
  claims: ClaimRecord[];
}

export interface RunInfo {
  profile: string;
  seed: number;
  date: string;
  versions: Record<string, string>;
  totalSeconds: number;
}

function claimRow(c: ClaimRecord, href: string): string {
  const tol = c.relation === "≈" ? (c.relative ? `± ${formatNumber(c.tolerance ?? 0)}·|expected|` : `± ${formatNumber(c.tolerance ?? 0)}`) : "";
  return (
    `<tr class="${c.pass ? "pass" : "fail"}"><td><a href="${href}">${escapeHtml(c.notebook)}</a></td>` +
    `<td><code>${escapeHtml(c.id)}</code></td><td>${escapeHtml(c.claim)}</td>` +
    `<td class="num">${escapeHtml(formatNumber(c.measured))}</td><td class="rel">${escapeHtml(c.relation)}</td>` +
    `<td class="num">${escapeHtml(formatNumber(c.expected))} ${escapeHtml(tol)}</td>` +
    `<td class="mark" title="${escapeHtml(describe(c))}">${c.pass ? "✔" : "✘"}</td></tr>`
  );
}

/** The index: notebooks with summary and run time, then the table of every checked claim. */
export function renderIndex(entries: IndexEntry[], info: RunInfo): string {
  const rows = entries
    .map(
      (e) =>
        `<tr><td><a href="${e.href}">${escapeHtml(e.title)}</a><div class="summary">${escapeHtml(e.summary)}</div></td>` +
        `<td class="num">${e.seconds.toFixed(1)} s</td><td class="num">${e.claims.filter((c) => c.pass).length}/${e.claims.length}</td></tr>`,
    )
    .join("\n");
  const all = entries.flatMap((e) => e.claims.map((c) => claimRow(c, e.href)));
  const passed = entries.reduce((n, e) => n + e.claims.filter((c) => c.pass).length, 0);
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(" · ");
  return `${head(BOOK_TITLE)}
<main class="index">
<h1>${BOOK_TITLE}</h1>
<p class="lead">Three theory papers on how transformers train, walked through theorem by theorem. Every figure is drawn by the book's own TypeScript library and followed by a cell that checks the claim numerically.</p>
<p class="runinfo">Built ${escapeHtml(info.date)} · profile <b>${escapeHtml(info.profile)}</b> · seed <b>${info.seed}</b> · ${info.totalSeconds.toFixed(1)} s in all · ${versions}</p>
<h2>Notebooks</h2>
<table class="notebooks"><thead><tr><th>notebook</th><th>run time</th><th>checks</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2 id="claims">Checked claims (${passed}/${all.length} hold)</h2>
<table class="claims"><thead><tr><th>notebook</th><th>id</th><th>claim</th><th>measured</th><th></th><th>expected</th><th>holds</th></tr></thead><tbody>
${all.join("\n")}
</tbody></table>
</main>
</body></html>
`;
}

export const BOOK_CSS = `
body { font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d232a; margin: 0; background: #fcfcfc; }
main { max-width: 980px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1, h2, h3 { line-height: 1.25; }
a { color: #1f5fa8; }
.pager { display: flex; justify-content: space-between; gap: 1rem; max-width: 980px; margin: 0 auto; padding: .8rem 1.5rem; font-size: .9rem; border-bottom: 1px solid #e3e6ea; }
.pager:last-of-type { border-top: 1px solid #e3e6ea; border-bottom: none; }
.cell { margin: 1rem 0; }
pre.code code.hljs { background: transparent; padding: 0; }
pre.code { background: #f5f7f9; border: 1px solid #e3e6ea; border-left: 3px solid #8aa4c8; border-radius: 4px; padding: .6rem .8rem; overflow-x: auto; font-size: .86rem; margin: 0; }
.outputs { padding: .3rem 0 .3rem .9rem; border-left: 3px solid #e3e6ea; margin-top: .2rem; }
pre.stream { margin: .2rem 0; font-size: .84rem; white-space: pre-wrap; }
pre.stderr { background: #fff3f3; color: #8a1c1c; padding: .4rem; }
.display { margin: .3rem 0; overflow-x: auto; }
.katex-block { overflow-x: auto; overflow-y: hidden; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e3e6ea; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mark { text-align: center; font-weight: bold; }
tr.pass td.mark { color: #2e7d32; }
tr.fail td.mark { color: #c62828; }
tr.fail { background: #ffebee; }
.summary { color: #555; font-size: .85rem; }
.runinfo { color: #555; font-size: .85rem; }
.lead { font-size: 1.05rem; }
`;
