/**
 * How a check looks to a reader, in Jupyter and in the book: the claim in the prose font, then one
 * labelled line — measured · test · verdict (or holds) · kind — with numbers at sensible
 * significant figures and counts read as counts ("19 of 19").
 *
 * @example
 * checkBoxHtml(evaluate({ id: "x", claim: "L = H_bi on Γ*", measured: 1e-17, relation: "≤", expected: 1e-12, kind: "paper", expect: "reproduced" }));
 */
import type { ClaimRecord } from "./check";
import { escapeHtml, plainSubscripts } from "./html";

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/**
 * A number for a reader: integers in full; `sig` significant figures (default 4) without trailing
 * zeros; tiny or huge values as `3.1 × 10⁻¹²`.
 *
 * @example
 * readableNumber(0.666278134); // "0.6663"
 * readableNumber(3.05e-12);    // "3.05 × 10⁻¹²"
 */
export function readableNumber(x: number, sig = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) {
    const [mant, exp] = x.toExponential(Math.max(0, Math.min(sig, 3) - 1)).split("e");
    const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    return `${m} × 10${String(Number(exp)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
  }
  return String(Number(x.toPrecision(sig)));
}

/** Significant figures that resolve a tolerance: enough that |measured − expected| ≤ tol can be read. */
function figuresFor(r: ClaimRecord): number {
  const tol = r.relation === "≈" ? (r.relative ? (r.tolerance ?? 0) * Math.abs(r.expected) : (r.tolerance ?? 0)) : 0;
  const scale = Math.max(Math.abs(r.measured), Math.abs(r.expected));
  if (!(tol > 0) || !(scale > 0) || !Number.isFinite(scale)) return 4;
  return Math.min(10, Math.max(3, Math.ceil(Math.log10(scale / tol)) + 1));
}

/** True for a count: `=` between whole numbers with an expected total of at least 2. */
export function isCount(r: ClaimRecord): boolean {
  return r.relation === "=" && Number.isInteger(r.measured) && Number.isInteger(r.expected) && r.expected >= 2 && r.measured >= 0;
}

/**
 * The parts of a check's labelled line, as text: what was measured, the test (relation and
 * tolerance), and the outcome — the verdict for a claim of the paper, "holds" otherwise. Counts
 * read as counts ("19 of 19").
 *
 * @example
 * checkParts(record); // { measured: "0.6663", expected: "≈ 0.6663 (± 0.01)", holds: "reproduced" }
 */
export function checkParts(r: ClaimRecord): { measured: string; expected: string; holds: string } {
  const holds = r.verdict ?? (r.pass ? "holds" : "does not hold");
  if (isCount(r)) return { measured: `${r.measured} of ${r.expected}`, expected: `all ${r.expected}`, holds };
  const sig = figuresFor(r);
  const m = readableNumber(r.measured, sig);
  const e = readableNumber(r.expected, sig);
  if (r.relation !== "≈") return { measured: m, expected: `${r.relation} ${e}`, holds };
  const tol = r.relative ? `± ${readableNumber(r.tolerance ?? 0)} × |expected|` : `± ${readableNumber(r.tolerance ?? 0)}`;
  return { measured: m, expected: `≈ ${e} (${tol})`, holds };
}

/** The mark a reader sees: green ✔ only for a reproduced claim of the paper. */
export function markOf(r: ClaimRecord): string {
  if (r.verdict) return { reproduced: "✔", "partly reproduced": "◐", "not reproduced": "✘", inconclusive: "?" }[r.verdict];
  return r.pass ? "✓" : "✘";
}

/** The element id of a check's box on its page, so the index can link to it. */
export function checkAnchor(id: string): string {
  return `check-${id}`;
}

/**
 * Colours of the outcomes (Okabe–Ito, colour-blind safe; each also has its own mark, so colour is
 * never the only carrier): green only for a reproduced claim of the paper; observations and
 * consistency checks that hold are neutral blue-grey, visibly not verdicts.
 */
export const OUTCOME_STYLE: Record<string, { colour: string; background: string }> = {
  reproduced: { colour: "#007a5a", background: "#eaf6f1" },
  "partly reproduced": { colour: "#a35f00", background: "#fdf4e3" },
  "not reproduced": { colour: "#b23c00", background: "#fbece4" },
  inconclusive: { colour: "#5f6b76", background: "#f1f3f5" },
  holds: { colour: "#3b5a78", background: "#f2f5f8" },
  "does not hold": { colour: "#c62828", background: "#ffebee" },
};

/** The outcome's style key: the verdict, else holds / does not hold. */
export function outcomeOf(r: ClaimRecord): string {
  return r.verdict ?? (r.pass ? "holds" : "does not hold");
}

/**
 * A check as the reader sees it: the claim in the prose font, then one labelled line —
 * measured · test · verdict (or holds) · kind and source — and the claim's id. `claimHtml` lets
 * the book pass the claim already rendered (markdown + KaTeX); Jupyter gets the escaped text,
 * whose `$…$` its own MathJax typesets.
 */
export function checkBoxHtml(r: ClaimRecord, claimHtml = plainSubscripts(escapeHtml(r.claim))): string {
  const p = checkParts(r);
  const outcome = outcomeOf(r);
  const { colour, background } = OUTCOME_STYLE[outcome];
  const label = (name: string, value: string) => `<span style="white-space:nowrap"><span style="color:#5f6b76">${name}</span> ${value}</span>`;
  const sep = ` <span style="color:#9aa5b1">·</span> `;
  const mismatch = r.verdict && r.expect && r.verdict !== r.expect ? ` (the text says ${escapeHtml(r.expect)})` : "";
  const reason = r.reason ? ` <span style="color:#5f6b76">— ${escapeHtml(r.reason)}</span>` : "";
  const kind = r.kind ? escapeHtml(r.kind) + (r.source ? `, ${escapeHtml(r.source)}` : "") : "—";
  const fails = r.perturbed
    ? `<div class="tdyn-check-perturbed" style="font-size:0.85em;color:#5f6b76">the same test ${r.holds ? "fails" : "holds"} under a perturbation — ${escapeHtml(r.perturbed.what)}: measured ${escapeHtml(readableNumber(r.perturbed.measured, figuresFor(r)))}</div>`
    : "";
  return (
    `<div class="tdyn-check ${r.pass ? "pass" : "fail"} outcome-${outcome.replace(/ /g, "-")}" id="${escapeHtml(checkAnchor(r.id))}" style="font-family:inherit;line-height:1.45;padding:6px 10px;margin:4px 0;` +
    `border-left:4px solid ${colour};background:${background}">` +
    `<div class="tdyn-check-claim"><span style="color:${colour};font-weight:bold">${markOf(r)}</span> ${claimHtml}</div>` +
    `<div class="tdyn-check-line" style="font-size:0.88em;margin-top:2px">` +
    [
      label("measured", `<b style="font-variant-numeric:tabular-nums">${escapeHtml(p.measured)}</b>`),
      label(r.verdict ? "test" : "expected", escapeHtml(p.expected)),
      `<span style="color:${colour};font-weight:bold;white-space:nowrap">${r.verdict ? "verdict: " : ""}${escapeHtml(p.holds)}</span>` +
        `${mismatch ? `<span style="color:${colour};font-weight:bold">${mismatch}</span>` : ""}${reason}`,
      // kind and source wrap: a source can be a long phrase, and a phone is 420 px wide
      `<span><span style="color:#5f6b76">kind</span> ${kind}</span>`,
      `<code style="font-size:0.95em;color:#5f6b76;overflow-wrap:anywhere">${escapeHtml(r.id)}</code>`,
    ].join(sep) +
    `</div>${fails}</div>`
  );
}
