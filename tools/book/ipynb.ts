/**
 * The Jupyter notebook format (nbformat 4), as much of it as the book needs.
 *
 * @example
 * const nb = readNotebook("notebooks/00-how-to-use-this-book.ipynb");
 * codeCells(nb).length; // number of code cells
 */
import { readFileSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { detectPaper } from "./papers";

export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayOutput {
  output_type: "display_data";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export type Output = StreamOutput | DisplayOutput | ErrorOutput | ExecuteResultOutput;

export interface CodeCell {
  cell_type: "code";
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs: Output[];
  execution_count: number | null;
  id?: string;
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown>;
  id?: string;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Joins nbformat's list-of-lines strings. */
export function text(s: MultilineString): string {
  return Array.isArray(s) ? s.join("") : s;
}

/** Splits a string into nbformat's list of lines (each keeps its newline). */
export function lines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;
  } catch (e) {
    throw new Error(`${file}: not a readable notebook (${(e as Error).message})`);
  }
  if (!Array.isArray(nb.cells) || nb.nbformat !== 4) throw new Error(`${file}: not an nbformat 4 notebook`);
  return nb;
}

/** Writes a notebook the way Jupyter does (one-space indent, trailing newline). */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
}

export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** True when any code cell carries outputs or an execution count (committed notebooks must not). */
export function hasOutputs(nb: Notebook): boolean {
  return codeCells(nb).some((c) => (c.outputs?.length ?? 0) > 0 || c.execution_count != null);
}

/** A copy without outputs and execution counts. */
export function clearOutputs(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)),
  };
}

/** The notebooks of a folder, in book order: files named `NN-title.ipynb`. */
export function listNotebooks(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Picks notebooks by number (`3`, `03`) or file name (with or without `.ipynb`); no selector
 * means all. An unknown name is an error that lists what exists.
 */
export function selectNotebooks(all: string[], selectors: string[]): string[] {
  if (selectors.length === 0) return all;
  const picked = new Set<string>();
  for (const sel of selectors) {
    const base = path.basename(sel).replace(/\.ipynb$/, "");
    const match = all.filter((f) => {
      const name = path.basename(f, ".ipynb");
      return name === base || (/^\d+$/.test(base) && Number(name.slice(0, 2)) === Number(base));
    });
    if (match.length === 0) {
      const names = all.map((f) => path.basename(f)).join(", ");
      throw new Error(`unknown notebook "${sel}": the book has ${names || "no notebooks"}`);
    }
    match.forEach((f) => picked.add(f));
  }
  return all.filter((f) => picked.has(f));
}

/**
 * Title (first `# heading`), one-line summary (first paragraph after it, markdown) and the paper
 * the notebook names (tools/book/papers.ts; null when it names none).
 */
export function notebookSummary(nb: Notebook): { title: string; summary: string; paper: string | null } {
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  const md = first ? text(first.source) : "";
  const title = /^#\s+(.+)$/m.exec(md)?.[1]?.trim() ?? "Untitled";
  const after = md.replace(/^#\s+.+$/m, "").trim();
  const summary = (after.split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ").trim();
  return { title, summary, paper: detectPaper(nb) };
}
