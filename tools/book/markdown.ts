/**
 * Markdown with LaTeX math for the book's pages: markdown-it plus KaTeX, rendered at build time
 * (pages need KaTeX's CSS and fonts, no script). Every math delimiter Jupyter typesets is typeset
 * here too: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and bare `\begin{…}…\end{…}` environments. A formula
 * KaTeX cannot parse, or math-like text left over after rendering (a stray `$`, `\(`, `\[`,
 * `\begin{`, or `**` that did not become bold), fails the build with the text in the message,
 * rather than showing a reader something Jupyter would have typeset.
 *
 * @example
 * renderMarkdown("Energy $E(e, w) = e^2 - (w^2 + \\operatorname{sign}(w)\\ln|w|)$.");
 */
import MarkdownIt from "markdown-it";
import markdownItKatex from "@vscode/markdown-it-katex";
import katex from "katex";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import { escapeHtml, plainSubscripts } from "../../src/runtime/html";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("json", json);

/** Syntax-highlighted HTML for a code block (TypeScript unless told otherwise). */
export function highlight(code: string, language = "typescript"): string {
  const lang = hljs.getLanguage(language) ? language : "typescript";
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

const mathErrors: string[] = [];

/** Our KaTeX (the one whose CSS and fonts the book ships), recording every formula it rejects. */
const strictKatex = {
  ...katex,
  renderToString(tex: string, options?: object): string {
    try {
      return katex.renderToString(tex, { ...options, throwOnError: true });
    } catch (e) {
      mathErrors.push(`${(e as Error).message} in $${tex}$`);
      throw e;
    }
  },
} as typeof katex;

type InlineState = Parameters<Parameters<MarkdownIt["inline"]["ruler"]["push"]>[1]>[0];

/** `\(…\)` (inline) and `\[…\]` (display), as Jupyter's MathJax reads them; before markdown's escapes. */
function bracketMath(state: InlineState, silent: boolean): boolean {
  const src = state.src;
  const open = src.slice(state.pos, state.pos + 2);
  if (open !== "\\(" && open !== "\\[") return false;
  const close = open === "\\(" ? "\\)" : "\\]";
  const end = src.indexOf(close, state.pos + 2);
  if (end < 0) return false;
  if (!silent) {
    const token = state.push(open === "\\(" ? "math_inline" : "math_inline_block", "math", 0);
    token.markup = open;
    token.content = src.slice(state.pos + 2, end);
  }
  state.pos = end + 2;
  return true;
}

const md: MarkdownIt = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight: (code, lang) => highlight(code, lang || "typescript") });
md.use(markdownItKatex, { katex: strictKatex, throwOnError: false, enableBareBlocks: true });
md.inline.ruler.before("escape", "math_bracket", bracketMath);

/** Visible text of rendered HTML, without code, typeset math or tags. */
function visibleText(html: string): string {
  return html
    .replace(/<(pre|code|script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<span class="katex(?:-display)?"[\s\S]*?<\/annotation><\/semantics><\/math><\/span>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&amp;/g, "&");
}

/** Math or emphasis that reached the reader as raw text; escaped `\$` in the source stays allowed. */
export function leftoverMarkup(html: string, source: string): string[] {
  const text = visibleText(html);
  const found: string[] = [];
  const near = (i: number) => JSON.stringify(text.slice(Math.max(0, i - 30), i + 30).replace(/\s+/g, " ").trim());
  const literalDollar = /\\\$/.test(source.replace(/```[\s\S]*?```|`[^`]*`/g, ""));
  for (const [re, what] of [
    [/\$/g, "a $ that is not typeset math"],
    [/\\[()[\]]/g, "a \\( \\) \\[ \\] delimiter that is not typeset"],
    [/\\begin\{/g, "a \\begin{…} environment that is not typeset"],
    [/\*\*/g, "** that did not become bold"],
  ] as const) {
    if (what.startsWith("a $") && literalDollar) continue;
    const m = re.exec(text);
    if (m) found.push(`${what} near ${near(m.index)}`);
  }
  return found;
}

/** Renders markdown; throws on a formula KaTeX rejects or on math-like text left raw. */
export function renderMarkdown(source: string): string {
  return checked(source, () => md.render(source));
}

/** Renders a markdown fragment inline (no wrapping paragraph): summaries and claim texts. */
export function renderMarkdownInline(source: string): string {
  return checked(source, () => md.renderInline(source));
}

/** `html` rendered from `source`, unless KaTeX rejected a formula or math-like text was left raw. */
function checked(source: string, render: () => string): string {
  mathErrors.length = 0;
  const html = render();
  if (mathErrors.length > 0) throw new Error(`math could not be rendered: ${mathErrors.join("; ")}`);
  const leftover = leftoverMarkup(html, source);
  if (leftover.length > 0) throw new Error(`markdown the book cannot render as Jupyter does: ${leftover.join("; ")}`);
  return html;
}

/**
 * A claim's text as HTML: `$…$` (or `\(…\)`) typeset with KaTeX, everything else literal (no
 * markdown, so `Γ*` and `c*` stay stars), plain-text subscripts (`H_bi`) as `<sub>`.
 *
 * @example
 * renderMathText("L = H_bi on $\\Gamma^\\star$"); // "L = H<sub>bi</sub> on <span class=\"katex\">…"
 */
export function renderMathText(source: string): string {
  const parts = source.split(/(\$[^$]+\$|\\\([\s\S]+?\\\))/);
  const html = parts
    .map((part, i) => {
      if (i % 2 === 0) return plainSubscripts(escapeHtml(part));
      const tex = part.startsWith("$") ? part.slice(1, -1) : part.slice(2, -2);
      try {
        return katex.renderToString(tex, { throwOnError: true });
      } catch (e) {
        throw new Error(`math could not be rendered: ${(e as Error).message} in ${part}`);
      }
    })
    .join("");
  const leftover = leftoverMarkup(html, source).filter((m) => !m.startsWith("**"));
  if (leftover.length > 0) throw new Error(`text the book cannot render: ${leftover.join("; ")} in ${JSON.stringify(source)}`);
  return html;
}
