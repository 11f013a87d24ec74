/**
 * The papers the book walks through, and which notebook covers which: so the index says what is
 * covered and what is still to come, and stays true as notebooks land.
 *
 * A notebook belongs to the paper named by its metadata (`"paper": "<key>"`), else the paper its
 * first markdown cell names (title or first author), else the paper named most often in its
 * markdown; a notebook that names none continues the paper of the notebook before it (see
 * `assignPapers`), and one before any paper (00) is the book's introduction.
 *
 * @example
 * detectPaper(readNotebook("notebooks/01-markov-data-and-the-two-minima.ipynb")); // "local-to-global"
 */
import { Notebook, text } from "./ipynb";

export interface Paper {
  key: string;
  title: string;
  citation: string;
  link: string;
  /** How the notebooks name it. */
  marker: RegExp;
}

export const PAPERS: readonly Paper[] = [
  {
    key: "local-to-global",
    title: "Local to Global: Learning Dynamics and Effect of Initialization for Transformers",
    citation: "Makkuva et al., NeurIPS 2024",
    link: "https://arxiv.org/abs/2406.03072",
    marker: /Local to Global|Makkuva/gi,
  },
  {
    key: "gd-dynamics-softmax-gaussian",
    title: "Unraveling the Gradient Descent Dynamics of Transformers",
    citation: "Song et al., NeurIPS 2024",
    link: "https://arxiv.org/abs/2411.07538",
    marker: /Unraveling the Gradient Descent Dynamics|Song et al\.|Song, Han/gi,
  },
  {
    key: "mean-field-global-convergence",
    title: "Global Convergence in Training Large-Scale Transformers",
    citation: "Gao et al., NeurIPS 2024",
    link: "https://arxiv.org/abs/2410.23610",
    marker: /Global Convergence in Training Large-Scale Transformers|Gao et al\.|Gao, Cao/gi,
  },
];

const count = (re: RegExp, s: string) => (s.match(re) ?? []).length;

/** The paper a notebook names itself (metadata, first cell, then most mentions), or null. */
export function detectPaper(nb: Notebook): string | null {
  const meta = nb.metadata?.paper;
  if (typeof meta === "string") {
    if (!PAPERS.some((p) => p.key === meta)) throw new Error(`notebook metadata "paper": "${meta}" is not one of ${PAPERS.map((p) => p.key).join(", ")}`);
    return meta;
  }
  const md = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source));
  const first = PAPERS.find((p) => count(p.marker, md[0] ?? "") > 0);
  if (first) return first.key;
  const all = md.join("\n");
  const best = PAPERS.map((p) => ({ key: p.key, n: count(p.marker, all) })).sort((a, b) => b.n - a.n)[0];
  return best && best.n > 0 ? best.key : null;
}

/** Papers for notebooks in book order: a notebook that names none continues the previous one's. */
export function assignPapers(detected: (string | null | undefined)[]): (string | null)[] {
  let current: string | null = null;
  return detected.map((d) => (current = d ?? current));
}
