/**
 * Escaping text for HTML outputs (check lines, tables, book pages).
 *
 * @example
 * escapeHtml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Plain-text subscripts as HTML: `H_bi` → `H<sub>bi</sub>`, `x_{n+1}` → `x<sub>n+1</sub>`, outside
 * `$…$` math and `code` spans (left for the math renderer). Input is already HTML-escaped.
 *
 * @example
 * plainSubscripts("L = H_bi on Γ*, I(x_n; x_{n+1})"); // "L = H<sub>bi</sub> on Γ*, I(x<sub>n</sub>; x<sub>n+1</sub>)"
 */
export function plainSubscripts(html: string): string {
  return html
    .split(/(\$[^$]+\$|`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/([\p{L}\p{N})\]])_(?:\{([^{}]+)\}|([\p{L}\p{N}]+))/gu, (_m, base: string, braced?: string, bare?: string) => `${base}<sub>${braced ?? bare}</sub>`),
    )
    .join("");
}
