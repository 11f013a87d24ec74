/**
 * `showTable(...)`: a small table as one output (HTML for the book and Jupyter, aligned text for
 * consoles). Numbers are formatted like check lines.
 *
 * @example
 * showTable({ caption: "Hessian eigenvalues", columns: ["set", "λ₁", "λ₂"], rows: [["Γ*", 0.41, 1e-17]] });
 */
import { formatNumber } from "./check";
import { displayBundle } from "./display";
import { escapeHtml } from "./html";

export type Cell = string | number | boolean | null;

export interface Table {
  caption?: string;
  columns: string[];
  rows: Cell[][];
}

function cellText(c: Cell): string {
  if (c === null) return "—";
  if (typeof c === "number") return formatNumber(c);
  if (typeof c === "boolean") return c ? "✔" : "✘";
  return c;
}

/** Every row must have one cell per column (a short or long row would be misaligned without a word). */
function checkRows(t: Table): void {
  t.rows.forEach((r, i) => {
    if (r.length !== t.columns.length) throw new RangeError(`rows[${i}] must have one cell per column (${t.columns.length}), got ${r.length} cells`);
  });
}

/** The table as aligned plain text. */
export function tableText(t: Table): string {
  checkRows(t);
  const cells = [t.columns, ...t.rows.map((r) => r.map(cellText))];
  const widths = t.columns.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  return [t.caption ?? "", line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].filter((l) => l !== "").join("\n");
}

export function showTable(t: Table): void {
  checkRows(t);
  const num = (c: Cell) => typeof c === "number";
  const html =
    `<table class="tdyn-table" style="border-collapse:collapse;font-size:0.9em">` +
    (t.caption ? `<caption style="text-align:left;font-weight:bold;padding:4px 0">${escapeHtml(t.caption)}</caption>` : "") +
    `<thead><tr>${t.columns.map((c) => `<th style="border-bottom:1px solid #999;padding:2px 8px;text-align:left">${escapeHtml(c)}</th>`).join("")}</tr></thead>` +
    `<tbody>${t.rows
      .map((r) => `<tr>${r.map((c) => `<td style="padding:2px 8px;${num(c) ? "text-align:right;font-variant-numeric:tabular-nums" : ""}">${escapeHtml(cellText(c))}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  displayBundle({ "text/html": html, "text/plain": tableText(t) });
}
