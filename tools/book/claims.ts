/**
 * Collects the checked claims from executed notebooks: every `check(...)` leaves a record in
 * its output (mime `application/vnd.tdyn.check+json`), whichever executor ran the notebook.
 *
 * @example
 * const rows = collectClaims(readNotebook("build/notebooks/00-how-to-use-this-book.ipynb"), "00-how-to-use-this-book");
 */
import { CHECK_MIME, ClaimRecord, VERDICTS } from "../../src/runtime/check";
import { Notebook, codeCells } from "./ipynb";

export function collectClaims(nb: Notebook, notebook: string): ClaimRecord[] {
  const rows: ClaimRecord[] = [];
  for (const cell of codeCells(nb)) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type !== "display_data") continue;
      const rec = out.data[CHECK_MIME] as ClaimRecord | undefined;
      if (rec) rows.push({ ...rec, notebook: rec.notebook || notebook });
    }
  }
  return rows;
}

/**
 * The run's claims in one line: the verdicts of the papers' claims, then how many other checks hold.
 *
 * @example
 * claimTally(claims); // "paper claims: 9 reproduced, 1 not reproduced · 60/60 other checks hold"
 */
export function claimTally(claims: readonly ClaimRecord[]): string {
  const v = claims.filter((c) => c.verdict);
  const verdicts = VERDICTS.map((verdict) => ({ verdict, n: v.filter((c) => c.verdict === verdict).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${x.verdict}`);
  const others = claims.filter((c) => !c.verdict);
  return `${v.length} claims of the papers: ${verdicts.join(", ") || "none"} · ${others.filter((c) => c.pass).length}/${others.length} other checks hold`;
}
