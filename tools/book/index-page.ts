/**
 * The book's index: what the book found, paper by paper (how many of each paper's claims it tests
 * and their verdicts, with links), the notebooks with their summaries (markdown + KaTeX, like the
 * pages) and a one-line verdict each, and every check grouped by notebook and kind, each id
 * linked to its check box.
 *
 * @example
 * const html = renderIndex(entries, { profile: "quick", seed: 2024, date: "…", versions: {}, totalSeconds: 90 });
 */
import { CLAIM_KINDS, ClaimKind, ClaimRecord } from "../../src/runtime/check";
import { byVerdict } from "./claims";
import { OUTCOME_STYLE, checkAnchor, checkParts, markOf, outcomeOf } from "../../src/runtime/check-view";
import { escapeHtml } from "../../src/runtime/html";
import { renderMarkdownInline, renderMathText } from "./markdown";
import { PAPERS, assignPapers } from "./papers";
import { BOOK_TITLE, head } from "./page-head";
import { quickBanner } from "./banner";

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

/** Claims that carry a verdict (paper and reconstruction). */
const withVerdict = (claims: ClaimRecord[]) => claims.filter((c) => c.verdict);

/** "where" a verdict was found, e.g. "Fig. 4 caption" (the claim's source), else its id. */
const named = (c: ClaimRecord) => c.source ?? c.id;

/**
 * Verdict counts in words, naming the claims that are not fully reproduced:
 * "9 reproduced · 1 not reproduced (Fig. 4 caption) · 2 partly reproduced (…, …)".
 */
export function verdictSummary(claims: ClaimRecord[], link?: (c: ClaimRecord) => string): string {
  const groups = byVerdict(claims);
  if (groups.length === 0) return "no claim of the paper tested";
  return groups
    .map(({ verdict, claims: mine }) => {
      const names = verdict === "reproduced" ? "" : ` (${mine.map((c) => (link ? `<a href="${link(c)}">${escapeHtml(named(c))}</a>` : escapeHtml(named(c)))).join(", ")})`;
      return `<span class="verdict" style="color:${OUTCOME_STYLE[verdict].colour}">${markOf(mine[0])} ${mine.length} ${verdict}</span>${names}`;
    })
    .join(" · ");
}

function papersSection(entries: IndexEntry[], papers: (string | null)[]): string {
  const items = PAPERS.map((p) => {
    const mine = entries.filter((_, i) => papers[i] === p.key);
    const status = mine.length > 0 ? `<span class="status covered">covered</span>` : `<span class="status coming">coming</span>`;
    const where = mine.length > 0 ? `notebook${mine.length > 1 ? "s" : ""} ${mine.map((e) => `<a href="${e.href}">${num(e.name)}</a>`).join(", ")}` : "no notebook yet";
    const claims = mine.flatMap((e) => e.claims.map((c) => ({ ...c, href: e.href })));
    const tested = withVerdict(claims).length;
    const verdicts =
      mine.length > 0
        ? `<div class="paper-verdicts"><b>${tested} claim${tested === 1 ? "" : "s"} of the paper tested:</b> ${verdictSummary(claims, (c) => `${(c as ClaimRecord & { href: string }).href}#${escapeHtml(checkAnchor(c.id))}`)}</div>`
        : "";
    return `<li>${status} <a href="${p.link}"><i>${escapeHtml(p.title)}</i></a> (${escapeHtml(p.citation)}) — ${where}${verdicts}</li>`;
  });
  const covered = PAPERS.filter((p) => papers.includes(p.key)).length;
  return `<h2 id="papers">What the book found, paper by paper (${covered} of ${PAPERS.length} papers covered)</h2>\n<ul class="papers">\n${items.join("\n")}\n</ul>`;
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
  const outcome = outcomeOf(c);
  const style = OUTCOME_STYLE[outcome];
  const reason = c.reason ? `<div class="claim-reason">${escapeHtml(c.reason)}</div>` : "";
  return (
    `<tr class="${c.pass ? "pass" : "fail"} outcome-${outcome.replace(/ /g, "-")}"><td class="claim">${claim}<div class="claim-id"><a href="${entry.href}#${escapeHtml(checkAnchor(c.id))}"><code>${escapeHtml(c.id)}</code></a>${c.source ? ` · ${escapeHtml(c.source)}` : ""}</div></td>` +
    `<td class="num">${escapeHtml(p.measured)}</td><td class="num">${escapeHtml(p.expected)}</td>` +
    `<td class="mark" style="color:${style.colour}"><span aria-hidden="true">${markOf(c)}</span> ${escapeHtml(outcome)}${reason}</td></tr>`
  );
}

/** Kinds in the order a reader wants them: the paper's claims first, bookkeeping last. */
const KIND_HEADINGS: [ClaimKind | null, string][] = [
  ["paper", "claims of the paper"],
  ["reconstruction", "our reconstructions of the paper's claims"],
  ["observation", "our observations (not claimed by the paper)"],
  ["consistency", "consistency checks"],
  [null, "checks without a kind"],
];

function claimsSection(entries: IndexEntry[]): string {
  const all = entries.flatMap((e) => e.claims);
  const groups = entries
    .filter((e) => e.claims.length > 0)
    .map((e) => {
      const tables = KIND_HEADINGS.map(([kind, heading]) => {
        const mine = e.claims.filter((c) => (c.kind ?? null) === kind);
        if (mine.length === 0) return "";
        const outcome = kind === "paper" || kind === "reconstruction" ? "verdict" : "holds";
        return (
          `<h4>${escapeHtml(heading)} (${mine.length})</h4>\n` +
          `<div class="scroll"><table class="claims"><thead><tr><th>claim</th><th class="num">measured</th><th class="num">test</th><th>${outcome}</th></tr></thead><tbody>\n` +
          mine.map((c) => claimRow(e, c)).join("\n") +
          `\n</tbody></table></div>`
        );
      }).join("\n");
      return `<h3 id="claims-${num(e.name)}"><a href="${e.href}">${num(e.name)} · ${escapeHtml(e.title)}</a> <span class="count">${kindCounts(e.claims)}</span></h3>\n${tables}`;
    });
  return (
    `<h2 id="claims">Every check, by notebook and kind (${all.length})</h2>\n` +
    `<p class="kinds">A claim of the paper or our reconstruction of one gets a <b>verdict</b>: <span style="color:${OUTCOME_STYLE.reproduced.colour}">✔ reproduced</span>, ` +
    `<span style="color:${OUTCOME_STYLE["partly reproduced"].colour}">◐ partly reproduced</span>, <span style="color:${OUTCOME_STYLE["not reproduced"].colour}">✘ not reproduced</span> (a finding, shown plainly) ` +
    `or <span style="color:${OUTCOME_STYLE.inconclusive.colour}">? inconclusive</span>; the build fails if a run's verdict differs from the one the notebook's text states. ` +
    `<i>Observations</i> (what our runs show, not claimed by the paper) and <i>consistency checks</i> (cross-checks of two computations) must hold, or the build fails; they are marked <span style="color:${OUTCOME_STYLE.holds.colour}">✓ holds</span>, not as verdicts. ` +
    `What the code guarantees by construction is a guard that stops the run, not a check.</p>\n${groups.join("\n")}`
  );
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
        `<td class="verdicts"><a href="#claims-${num(e.name)}">${withVerdict(e.claims).length > 0 ? verdictSummary(e.claims) : `${e.claims.length} check${e.claims.length === 1 ? "" : "s"}, no claim of a paper`}</a></td></tr>`,
    )
    .join("\n");
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`)
    .join(" · ");
  return `${head(BOOK_TITLE)}
<main class="index">
<h1>${BOOK_TITLE}</h1>
<p class="lead">Theory papers on how transformers train, walked through theorem by theorem. Every figure is drawn by the book's own TypeScript library and followed by a cell that checks the claim numerically.</p>
${info.profile === "quick" ? quickBanner("quick") : ""}${papersSection(entries, papers)}
<p class="runinfo">Built ${escapeHtml(info.date)} · profile <b>${escapeHtml(info.profile)}</b> · seed <b>${info.seed}</b> · ${info.totalSeconds.toFixed(1)} s in all · ${versions}</p>
<h2>Notebooks</h2>
<div class="scroll"><table class="notebooks"><thead><tr><th>notebook</th><th>paper</th><th class="num">run time</th><th>verdicts</th></tr></thead><tbody>
${rows}
</tbody></table></div>
${claimsSection(entries)}
</main>
</body></html>
`;
}
