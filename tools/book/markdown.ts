/**
 * Markdown with LaTeX math for the book's pages: markdown-it plus KaTeX, rendered at build time
 * (pages need KaTeX's CSS and fonts, no script). A formula KaTeX cannot parse fails the build
 * with the formula in the message, rather than showing red text to a reader.
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

const md: MarkdownIt = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight: (code, lang) => highlight(code, lang || "typescript") });
md.use(markdownItKatex, { katex: strictKatex, throwOnError: false });

export function renderMarkdown(source: string): string {
  mathErrors.length = 0;
  const html = md.render(source);
  if (mathErrors.length > 0) throw new Error(`math could not be rendered: ${mathErrors.join("; ")}`);
  return html;
}
