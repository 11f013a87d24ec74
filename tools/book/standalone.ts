/**
 * One notebook as ONE self-contained HTML file that opens anywhere, offline: the book's page for
 * it (markdown math typeset by KaTeX when the page is made, so no MathJax and no network), with
 * plotly.js, KaTeX's stylesheet and its fonts (woff2, as data: URIs) and the book's styles inlined.
 * A copy moved outside the project still draws every figure (`npm run export`).
 *
 * @example
 * writeFileSync("03.html", standalonePage(readNotebook("build/notebooks/03-….ipynb"), "Lemma 1 …"));
 */
import { readFileSync } from "fs";
import { createRequire } from "module";
import * as path from "path";
import { BOOK_CSS, renderNotebookPage } from "./html";
import { Notebook } from "./ipynb";

const req = createRequire(__filename);

/** KaTeX's stylesheet with each font as a woff2 data: URI (every browser that runs plotly.js reads woff2). */
export function inlineKatexCss(): string {
  const cssFile = req.resolve("katex/dist/katex.min.css");
  const fonts = path.join(path.dirname(cssFile), "fonts");
  return readFileSync(cssFile, "utf8")
    .replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, "")
    .replace(/url\(fonts\/([^)]+\.woff2)\)/g, (_m, file: string) => `url(data:font/woff2;base64,${readFileSync(path.join(fonts, file)).toString("base64")})`);
}

/** A script's text as an inline `<script>` (refusing text that would end the element early). */
function inlineScript(source: string, what: string): string {
  if (/<\/script/i.test(source)) throw new Error(`${what} contains </script>: cannot inline it`);
  return `<script>${source}</script>`;
}

/** The self-contained page of an executed notebook. */
export function standalonePage(nb: Notebook, title: string): string {
  const page = renderNotebookPage(nb, { title, prev: null, next: null });
  const assets: Record<string, string> = {
    '<link rel="stylesheet" href="assets/katex/katex.min.css">': `<style>${inlineKatexCss()}</style>`,
    '<link rel="stylesheet" href="assets/hljs.css">': `<style>${readFileSync(req.resolve("highlight.js/styles/github.css"), "utf8")}</style>`,
    '<link rel="stylesheet" href="assets/book.css">': `<style>${BOOK_CSS}</style>`,
    '<script src="assets/plotly.min.js"></script>': inlineScript(readFileSync(req.resolve("plotly.js-dist-min/plotly.min.js"), "utf8"), "plotly.min.js"),
  };
  // The book's pager links to pages that do not travel with one file.
  let out = page.replace(/<nav class="pager">[\s\S]*?<\/nav>\n?/g, "");
  for (const link of Object.keys(assets)) {
    if (!out.includes(link)) throw new Error(`the book's page head no longer has ${link}: update tools/book/standalone.ts`);
  }
  const left = /<(?:link|script|img)\b[^>]*(?:src|href)="(?!data:|https?:|#)[^"]+"/.exec(Object.keys(assets).reduce((p, l) => p.replace(l, ""), out));
  if (left) throw new Error(`the standalone page would still need a file next to it: ${left[0]}`);
  // A function as replacement: `$&` and friends in the inlined text must stay literal.
  for (const [link, inline] of Object.entries(assets)) out = out.replace(link, () => inline);
  return out;
}
