/**
 * `check(...)`: the claim cell under each figure.
 *
 * A claim compares a measured value with a reference value by a relation. It prints one readable
 * line and sends a record the book collects into its table of claims (mime
 * `application/vnd.tdyn.check+json`).
 *
 * What a check means depends on its kind:
 * - A claim **of the paper** (`paper`) or **our reconstruction of one** (`reconstruction`) gets a
 *   **verdict** — reproduced, partly reproduced, not reproduced or inconclusive — computed from the
 *   run. "Not reproduced" is a finding, not a failed build: the build fails only when the verdict
 *   differs from the one the notebook's prose states (`expect`), so a seed that flips a verdict is
 *   caught and the prose cannot go stale.
 * - An **observation** or a **consistency check** must hold; when it does not, `check` throws
 *   `CheckFailed` and executing the notebook fails — so executing the notebook is the test.
 *
 * Relations: `≈` |measured − expected| ≤ tolerance (× |expected| when `relative`);
 * `≤` measured ≤ expected (an upper bound: one-sided); `≥` measured ≥ expected; `=` exact equality.
 *
 * @example
 * check({ id: "lemma1-energy-drift", claim: "E(e, w) is conserved along gradient flow",
 *         source: "Lemma 1", measured: 3e-12, relation: "≤", expected: 1e-9,
 *         kind: "paper", expect: "reproduced" });
 * // ✔ reproduced · lemma1-energy-drift — E(e, w) is conserved along gradient flow (Lemma 1): 3.0000e-12 ≤ 1.0000e-9
 */
import { displayBundle, toJupyterClientStderr } from "./display";
import { checkBoxHtml, markOf } from "./check-view";

export type Relation = "≈" | "≤" | "≥" | "=";

/**
 * What kind of claim a check tests, so a reader can tell a confirmation of the paper from
 * bookkeeping:
 * - `paper`: the paper's claim, as the paper states it;
 * - `reconstruction`: our reconstruction of a claim the paper makes but does not state in full
 *   (or whose text is not public);
 * - `observation`: what our own runs show, which the paper does not claim;
 * - `consistency`: a cross-check of two computations of one quantity, or an identity the code
 *   does not guarantee by construction (what the code guarantees is a guard, not a check).
 */
export type ClaimKind = "paper" | "reconstruction" | "observation" | "consistency";

export const CLAIM_KINDS: readonly ClaimKind[] = ["paper", "reconstruction", "observation", "consistency"];

/** The kinds that speak for a paper and so carry a verdict. */
export const VERDICT_KINDS: readonly ClaimKind[] = ["paper", "reconstruction"];

/**
 * What a run says of a claim of the paper:
 * - `reproduced`: the relation holds;
 * - `partly reproduced`: one part of the claim holds and another does not (`partly` names which);
 * - `not reproduced`: the relation does not hold — a finding, shown plainly;
 * - `inconclusive`: the measurement cannot decide (`inconclusive` says why, e.g. "interval too wide").
 */
export type Verdict = "reproduced" | "partly reproduced" | "not reproduced" | "inconclusive";

export const VERDICTS: readonly Verdict[] = ["reproduced", "partly reproduced", "not reproduced", "inconclusive"];

export interface ClaimSpec {
  /** Stable identifier, unique within its notebook, e.g. `thm1-grad-gamma-star`. */
  id: string;
  /** The claim as the paper states it (or, for an observation, as the book states it). */
  claim: string;
  measured: number;
  expected: number;
  /** Required for `≈`; ignored otherwise. */
  tolerance?: number;
  /** Default `≈`. */
  relation?: Relation;
  /** With `≈`: tolerance is relative to |expected| (refused when expected is 0: only exact equality could pass). */
  relative?: boolean;
  /** What kind of claim this is (see `ClaimKind`); required, so no check reads as a confirmation of the paper by default. */
  kind: ClaimKind;
  /** Paper and reconstruction claims: where the paper makes the claim, e.g. "Thm 1", "Fig. 4 caption". */
  source?: string;
  /**
   * Paper and reconstruction claims (required there): the verdict the notebook's prose states.
   * The build fails when the run's verdict differs.
   */
  expect?: Verdict;
  /** A reason computed from the run why only part of the claim holds: the verdict becomes `partly reproduced`. */
  partly?: string | false | null;
  /** A reason computed from the run why it cannot decide (e.g. "interval too wide"): the verdict becomes `inconclusive`. */
  inconclusive?: string | false | null;
  /**
   * Paper and reconstruction claims: a concrete perturbation under which the same test gives the
   * other answer, measured in the same run (e.g. the gradient at points 0.01 off Γ*, where a
   * reproduced "∇L = 0" must fail) — shown beside the verdict, so the reader sees the check can
   * tell. A perturbation under which the answer does not change is an error: the check cannot tell.
   */
  perturbed?: Perturbation;
}

/** What was perturbed, in words, and the measurement the same test saw there. */
export interface Perturbation {
  what: string;
  measured: number;
}

export interface ClaimRecord {
  notebook: string;
  id: string;
  claim: string;
  measured: number;
  expected: number;
  relation: Relation;
  tolerance: number | null;
  relative: boolean;
  /** null for records written before claims carried a kind. */
  kind: ClaimKind | null;
  /** Whether the relation holds. */
  holds?: boolean;
  /** Paper and reconstruction claims: the run's verdict; null otherwise. */
  verdict?: Verdict | null;
  /** Paper and reconstruction claims: the verdict the prose states; null otherwise. */
  expect?: Verdict | null;
  /** Why the verdict is partly reproduced or inconclusive; null otherwise. */
  reason?: string | null;
  /** Where the paper makes the claim; null when not given. */
  source?: string | null;
  /** The perturbation under which the test gives the other answer, and what it measured there; null when not given. */
  perturbed?: Perturbation | null;
  /**
   * Whether the book accepts the check: for a paper or reconstruction claim, the verdict is the one
   * the prose states; for an observation or consistency check, the relation holds.
   */
  pass: boolean;
}

export const CHECK_MIME = "application/vnd.tdyn.check+json";

export class CheckFailed extends Error {
  constructor(readonly record: ClaimRecord) {
    super(failureMessage(record));
    this.name = "CheckFailed";
  }
}

function failureMessage(r: ClaimRecord): string {
  if (r.verdict && r.expect && r.verdict !== r.expect) {
    return (
      `claim "${r.id}": the run's verdict is "${r.verdict}" but the notebook states "${r.expect}": ${r.claim}: ${describe(r)}` +
      `${r.reason ? ` (${r.reason})` : ""} — update the prose and \`expect\` if the finding changed`
    );
  }
  return `claim "${r.id}" failed: ${r.claim}: ${describe(r)}`;
}

const recorded: ClaimRecord[] = [];

/** Every claim checked in this process, in order. */
export function claims(): readonly ClaimRecord[] {
  return recorded;
}

/** A number as a reader wants it: 6 significant digits, exponent form when tiny or huge. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(4) : String(Number(x.toPrecision(6)));
}

/** `measured relation expected (± tolerance)`, e.g. `0.66628 ≈ 0.6663 ± 0.01`. */
export function describe(r: ClaimRecord): string {
  const m = formatNumber(r.measured);
  const e = formatNumber(r.expected);
  if (r.relation !== "≈") return `${m} ${r.relation} ${e}`;
  const tol = r.relative ? `${formatNumber(r.tolerance ?? 0)}·|expected|` : formatNumber(r.tolerance ?? 0);
  return `${m} ≈ ${e} ± ${tol} (|diff| = ${formatNumber(Math.abs(r.measured - r.expected))})`;
}

/** The verdict from the relation and the run's reasons: inconclusive wins, then partly, then holds or not. */
export function verdictOf(holds: boolean, partly?: string | false | null, inconclusive?: string | false | null): Verdict {
  if (inconclusive) return "inconclusive";
  if (partly) return "partly reproduced";
  return holds ? "reproduced" : "not reproduced";
}

function assertReason(id: string, name: string, value: unknown): void {
  if (value === undefined || value === null || value === false) return;
  if (typeof value !== "string" || value.trim() === "") throw new Error(`check "${id}": ${name} must be a non-empty reason, false or null, got ${JSON.stringify(value)}`);
}

/** Evaluates a claim without recording or displaying it. */
export function evaluate(spec: ClaimSpec, notebook = process.env.NB_NOTEBOOK ?? ""): ClaimRecord {
  if (!spec.id || !/^[A-Za-z0-9][\w.-]*$/.test(spec.id)) throw new Error(`check: id must be a slug like "thm1-grad", got "${spec.id}"`);
  if (!spec.claim) throw new Error(`check "${spec.id}": claim text is empty`);
  const relation = spec.relation ?? "≈";
  if (relation === "≈" && !(typeof spec.tolerance === "number" && spec.tolerance >= 0)) {
    throw new Error(`check "${spec.id}": relation ≈ needs a tolerance ≥ 0`);
  }
  // Checked at run time too, for callers the type checker does not see (plain JavaScript, casts).
  if (spec.kind === undefined) {
    throw new Error(`check "${spec.id}": kind is missing; give one of ${CLAIM_KINDS.join(", ")}`);
  }
  if (!CLAIM_KINDS.includes(spec.kind)) {
    throw new Error(`check "${spec.id}": kind must be one of ${CLAIM_KINDS.join(", ")}, got "${spec.kind}"`);
  }
  if (!Number.isFinite(spec.expected)) throw new Error(`check "${spec.id}": expected value is ${spec.expected}`);
  if (relation === "≈" && spec.relative && spec.expected === 0) {
    throw new Error(`check "${spec.id}": a relative tolerance against an expected value of 0 passes only on exact equality; give an absolute tolerance`);
  }
  const withVerdict = VERDICT_KINDS.includes(spec.kind);
  if (withVerdict) {
    if (spec.expect === undefined) {
      throw new Error(`check "${spec.id}": a ${spec.kind} claim needs \`expect\`, the verdict the notebook's prose states (one of ${VERDICTS.join(", ")})`);
    }
    if (!VERDICTS.includes(spec.expect)) throw new Error(`check "${spec.id}": expect must be one of ${VERDICTS.join(", ")}, got "${spec.expect}"`);
    assertReason(spec.id, "partly", spec.partly);
    assertReason(spec.id, "inconclusive", spec.inconclusive);
  } else if (spec.expect !== undefined || spec.partly || spec.inconclusive) {
    throw new Error(`check "${spec.id}": only paper and reconstruction claims carry a verdict; an ${spec.kind} must simply hold`);
  }
  const { measured, expected } = spec;
  const tol = relation === "≈" ? (spec.relative ? (spec.tolerance as number) * Math.abs(expected) : (spec.tolerance as number)) : 0;
  const test = (x: number): boolean => {
    if (!Number.isFinite(x)) return false;
    if (relation === "≈") return Math.abs(x - expected) <= tol;
    if (relation === "≤") return x <= expected;
    if (relation === "≥") return x >= expected;
    return x === expected;
  };
  const holds = test(measured);
  if (spec.perturbed !== undefined) {
    if (!withVerdict) throw new Error(`check "${spec.id}": perturbed is for paper and reconstruction claims`);
    const { what, measured: m } = spec.perturbed;
    if (!what) throw new Error(`check "${spec.id}": perturbed.what must say what was perturbed`);
    if (!Number.isFinite(m)) throw new Error(`check "${spec.id}": perturbed.measured is ${m}; a perturbation must be measured`);
    if (test(m) === holds) {
      throw new Error(
        `check "${spec.id}": under its perturbation (${what}) the test still ${holds ? "holds" : "fails"} ` +
          `(${formatNumber(m)} ${relation} ${formatNumber(expected)}): it cannot tell the claim from its failure`,
      );
    }
  }
  const verdict = withVerdict ? verdictOf(holds, spec.partly, spec.inconclusive) : null;
  const reason = withVerdict ? (spec.inconclusive || spec.partly || null) : null;
  return {
    notebook,
    id: spec.id,
    claim: spec.claim,
    measured,
    expected,
    relation,
    tolerance: relation === "≈" ? (spec.tolerance as number) : null,
    relative: relation === "≈" && !!spec.relative,
    kind: spec.kind,
    holds,
    verdict,
    expect: withVerdict ? (spec.expect as Verdict) : null,
    reason,
    source: spec.source ?? null,
    perturbed: spec.perturbed ?? null,
    // A measurement that is not a number is an error, never a verdict.
    pass: withVerdict ? Number.isFinite(measured) && verdict === spec.expect : holds,
  };
}

/** One line of text for a check, e.g. `✘ not reproduced · fig4-caption — … : 0.2 ≥ 0.5`. */
export function checkLine(r: ClaimRecord): string {
  const status = r.verdict ? `${r.verdict}${r.reason ? ` (${r.reason})` : ""}` : `${r.kind ?? "check"}${r.pass ? "" : ", does not hold"}`;
  return `${markOf(r)} ${status} · ${r.id} — ${r.claim}${r.source ? ` (${r.source})` : ""}: ${describe(r)}`;
}

/**
 * Checks a claim: records it and shows one line. Throws `CheckFailed` when an observation or
 * consistency check does not hold, or when a paper claim's verdict is not the one the prose states.
 * Returns nothing (so a cell ending in `check(…)` prints only the claim line); see `claims()`.
 */
export function check(spec: ClaimSpec): void {
  const record = evaluate(spec);
  recorded.push(record);
  displayBundle({ [CHECK_MIME]: record, "text/html": checkBoxHtml(record), "text/plain": checkLine(record) });
  if (!record.pass) {
    const failure = new CheckFailed(record);
    // Plain `jupyter nbconvert --execute` shows nothing of a failed cell but this line.
    toJupyterClientStderr(`✘ ${record.notebook ? `${record.notebook}: ` : ""}${failure.message}`);
    throw failure;
  }
}

/**
 * A guard: an invariant the code guarantees (a step the flow undoes, a count that adds up). It is
 * not a claim and is not counted: it stops the run with `message` when violated, and shows nothing.
 *
 * @example
 * guard(halvings.qIncreases === 0, "Q̂ rose on an accepted step: the line search is broken");
 */
export function guard(condition: boolean, message: string): void {
  if (!condition) throw new Error(`guard failed: ${message}`);
}
