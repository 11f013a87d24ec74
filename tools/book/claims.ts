/**
 * Collects the checked claims from executed notebooks: every `check(...)` leaves a record in
 * its output (mime `application/vnd.tdyn.check+json`), whichever executor ran the notebook.
 *
 * @example
 * const rows = collectClaims(readNotebook("build/notebooks/00-how-to-use-this-book.ipynb"), "00-how-to-use-this-book");
 */
import { CHECK_MIME, ClaimRecord } from "../../src/runtime/check";
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
