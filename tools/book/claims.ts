/**
 * Collects the checked claims from executed notebooks: every `check(...)` leaves a record in
 * its output (mime `application/vnd.tdyn.check+json`), whichever executor ran the notebook.
 *
 * @example
 * const rows = collectClaims(readNotebook("build/notebooks/00-how-to-use-this-book.ipynb"), "00-how-to-use-this-book");
 */
import { CHECK_MIME, ClaimRecord, VERDICTS, Verdict } from "../../src/runtime/check";
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
 * The claims that carry a verdict, grouped by verdict in the order of VERDICTS; empty groups left out.
 *
 * @example
 * byVerdict(claims); // [{ verdict: "reproduced", claims: [...] }, { verdict: "not reproduced", claims: [...] }]
 */
export function byVerdict(claims: readonly ClaimRecord[]): { verdict: Verdict; claims: ClaimRecord[] }[] {
  return VERDICTS.map((verdict) => ({ verdict, claims: claims.filter((c) => c.verdict === verdict) })).filter((g) => g.claims.length > 0);
}

/**
 * The run's claims in one line: the verdicts of the papers' claims, then how many other checks hold.
 *
 * @example
 * claimTally(claims); // "40 claims of the papers: 35 reproduced, 2 partly reproduced · 59/59 other checks hold"
 */
export function claimTally(claims: readonly ClaimRecord[]): string {
  const verdicts = byVerdict(claims).map((g) => `${g.claims.length} ${g.verdict}`);
  const others = claims.filter((c) => !c.verdict);
  return `${claims.length - others.length} claims of the papers: ${verdicts.join(", ") || "none"} · ${others.filter((c) => c.pass).length}/${others.length} other checks hold`;
}
