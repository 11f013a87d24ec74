/**
 * The book's index: which papers the notebooks cover and which are coming, the notebooks with
 * their summaries (markdown + KaTeX, like the pages), and every checked claim grouped by notebook,
 * each id linked to its check box, with a labelled kind and counts per kind.
 *
 * @example
 * const html = renderIndex(entries, { profile: "quick", seed: 2024, date: "…", versions: {}, totalSeconds: 90 });
 */
import { CLAIM_KINDS, ClaimRecord } from "../../src/runtime/check";
import { checkAnchor, checkParts } from "../../src/runtime/check-view";
import { escapeHtml } from "../../src/runtime/html";
import { renderMarkdownInline, renderMathText } from "./markdown";
import { PAPERS, assignPapers } from "./papers";
import { BOOK_TITLE, head } from "./page-head";

export interface IndexEntry {
  href: string;
  name: string;
  title: string;
  summary: string;
  /** The paper the notebook names (tools/book/papers.ts), null when none. */
  paper?: string | null;
  seconds: number;
  claims: ClaimRecord[];
}

export interface RunInfo {
  profile: string;
  seed: number;
  date: string;
  versions: Record<string, string>;
  totalSeconds: number;
}

function where(entry: IndexEntry, what: string, render: () => string): string {
  try {
    return render();
  } catch (e) {
    throw new Error(`${entry.name}: ${what}: ${(e as Error).message}`);
  }
}

const num = (name: string) => name.slice(0, 2);

/** "01–05", "01, 03" or "06" for the notebooks of one paper. */
function notebookRange(names: string[]): string {
  const n = names.map((x) => Number(num(x)));
  const consecutive = n.every((v, i) => i === 0 || v === n[i - 1] + 1);
  return consecutive && n.length > 2 ? `${num(names[0])}–${num(names[names.length - 1])}` : names.map(num).join(", ");
}

function papersSection(entries: IndexEntry[], papers: (string | null)[]): string {
  const items = PAPERS.map((p) => {
    const mine = entries.filter((_, i) => papers[i] === p.key);
    const status = mine.length > 0 ? `<span class="status covered">covered</span>` : `<span class="status coming">coming</span>`;
    const where = mine.length > 0 ? `notebook${mine.length > 1 ? "s" : ""} ${mine.map((e) => `<a href="${e.href}">${num(e.name)}</a>`).join(", ")}` : "no notebook yet";
    return `<li>${status} <a href="${p.link}"><i>${escapeHtml(p.title)}</i></a> (${escapeHtml(p.citation)}) — ${where}</li>`;
  });
  const covered = PAPERS.filter((p) => papers.includes(p.key)).length;
  return `<h2 id="papers">Papers (${covered} of ${PAPERS.length} covered so far)</h2>\n<ul class="papers">\n${items.join("\n")}\n</ul>`;
}

function kindCounts(claims: ClaimRecord[]): string {
  const parts = CLAIM_KINDS.map((k) => ({ k, n: claims.filter((c) => c.kind === k).length })).filter((x) => x.n > 0).map((x) => `${x.n} ${x.k}`);
  const none = claims.filter((c) => !c.kind).length;
  if (none > 0) parts.push(`${none} without a kind`);
  return parts.join(" · ");
}

function claimRow(entry: IndexEntry, c: ClaimRecord): string {
  const p = checkParts(c);
  const claim = where(entry, `claim "${c.id}"`, () => renderMathText(c.claim));
  return (
    `<tr class="${c.pass ? "pass" : "fail"}"><td class="claim">${claim}<div class="claim-id"><a href="${entry.href}#${escapeHtml(checkAnchor(c.id))}"><code>${escapeHtml(c.id)}</code></a></div></td>` +
    `<td class="kind">${c.kind ? escapeHtml(c.kind) : "—"}</td>` +
    `<td class="num">${escapeHtml(p.measured)}</td><td class="num">${escapeHtml(p.expected)}</td>` +
    `<td class="mark" title="${escapeHtml(p.holds)}">${c.pass ? "✔" : "✘"}</td></tr>`
  );
}

function claimsSection(entries: IndexEntry[]): string {
  const all = entries.flatMap((e) => e.claims);
  const passed = all.filter((c) => c.pass).length;
  const groups = entries
    .filter((e) => e.claims.length > 0)
    .map((e) => {
      const ok = e.claims.filter((c) => c.pass).length;
      return (
        `<h3 id="claims-${num(e.name)}"><a href="${e.href}">${num(e.name)} · ${escapeHtml(e.title)}</a> <span class="count">${ok} of ${e.claims.length} hold · ${kindCounts(e.claims)}</span></h3>\n` +
        `<div class="scroll"><table class="claims"><thead><tr><th>claim</th><th>kind</th><th class="num">measured</th><th class="num">expected</th><th>holds</th></tr></thead><tbody>\n` +
        e.claims.map((c) => claimRow(e, c)).join("\n") +
        `\n</tbody></table></div>`
      );
    });
  return `<h2 id="claims">Checked claims: ${passed} of ${all.length} hold</h2>\n<p class="kinds">By kind: ${kindCounts(all)}. <i>paper</i>: the paper's claim as stated; <i>reconstruction</i>: our reconstruction of a claim the paper does not state in full; <i>observation</i>: what our runs show, not claimed by the paper; <i>consistency</i>: an identity, a count or a cross-check.</p>\n${groups.join("\n")}`;
}

/** The index page. Summaries and claims are rendered like the pages; what cannot be fails the build. */
export function renderIndex(entries: IndexEntry[], info: RunInfo): string {
  const papers = assignPapers(entries.map((e) => e.paper));
  const shortName = (key: string | null) => (key ? PAPERS.find((p) => p.key === key)?.citation.replace(/,.*$/, "") ?? key : "introduction");
  const rows = entries
    .map(
      (e, i) =>
        `<tr><td><a href="${e.href}">${num(e.name)} · ${escapeHtml(e.title)}</a><div class="summary">${where(e, "summary", () => renderMarkdownInline(e.summary))}</div></td>` +
        `<td>${escapeHtml(shortName(papers[i]))}</td><td class="num">${e.seconds.toFixed(1)} s</td>` +
        `<td class="num"><a href="#claims-${num(e.name)}">${e.claims.filter((c) => c.pass).length} of ${e.claims.length}</a></td></tr>`,
    )
    .join("\n");
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(" · ");
  return `${head(BOOK_TITLE)}
<main class="index">
<h1>${BOOK_TITLE}</h1>
<p class="lead">Theory papers on how transformers train, walked through theorem by theorem. Every figure is drawn by the book's own TypeScript library and followed by a cell that checks the claim numerically.</p>
${papersSection(entries, papers)}
<p class="runinfo">Built ${escapeHtml(info.date)} · profile <b>${escapeHtml(info.profile)}</b> · seed <b>${info.seed}</b> · ${info.totalSeconds.toFixed(1)} s in all · ${versions}</p>
<h2>Notebooks</h2>
<div class="scroll"><table class="notebooks"><thead><tr><th>notebook</th><th>paper</th><th class="num">run time</th><th class="num">checks</th></tr></thead><tbody>
${rows}
</tbody></table></div>
${claimsSection(entries)}
</main>
</body></html>
`;
}
