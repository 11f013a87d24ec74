/**
 * `check(...)`: the claim cell under each figure.
 *
 * A claim compares a measured value with the theorem's value. It prints one readable line, sends
 * a record the book collects into its table of claims (mime `application/vnd.tdyn.check+json`),
 * and throws `CheckFailed`, naming the claim, when the claim does not hold — so executing the
 * notebook is the test.
 *
 * Relations: `≈` |measured − expected| ≤ tolerance (× |expected| when `relative`);
 * `≤` measured ≤ expected; `≥` measured ≥ expected; `=` exact equality (counts).
 *
 * @example
 * check({ id: "lemma1-energy-drift", claim: "E(e, w) is conserved along gradient flow (Lemma 1)",
 *         measured: 3e-12, relation: "≤", expected: 1e-9, kind: "paper" });
 * // ✔ lemma1-energy-drift — E(e, w) is conserved along gradient flow (Lemma 1): 3.0000e-12 ≤ 1.0000e-9
 */
import { displayBundle, toJupyterClientStderr } from "./display";
import { checkBoxHtml } from "./check-view";

export type Relation = "≈" | "≤" | "≥" | "=";

/**
 * What kind of claim a check tests, so a reader can tell a confirmation of the paper from
 * bookkeeping:
 * - `paper`: the paper's claim, as the paper states it;
 * - `reconstruction`: our reconstruction of a claim the paper makes but does not state in full
 *   (or whose text is not public);
 * - `observation`: what our own runs show, which the paper does not claim;
 * - `consistency`: an identity that holds by construction, a count, or a cross-check of two
 *   computations of one quantity.
 */
export type ClaimKind = "paper" | "reconstruction" | "observation" | "consistency";

export const CLAIM_KINDS: readonly ClaimKind[] = ["paper", "reconstruction", "observation", "consistency"];

export interface ClaimSpec {
  /** Stable identifier, unique within its notebook, e.g. `thm1-grad-gamma-star`. */
  id: string;
  /** The claim as the paper states it. */
  claim: string;
  measured: number;
  expected: number;
  /** Required for `≈`; ignored otherwise. */
  tolerance?: number;
  /** Default `≈`. */
  relation?: Relation;
  /** With `≈`: tolerance is relative to |expected|. */
  relative?: boolean;
  /** What kind of claim this is (see `ClaimKind`); required, so no check reads as a confirmation of the paper by default. */
  kind: ClaimKind;
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
  pass: boolean;
}

export const CHECK_MIME = "application/vnd.tdyn.check+json";

export class CheckFailed extends Error {
  constructor(readonly record: ClaimRecord) {
    super(`claim "${record.id}" failed: ${record.claim}: ${describe(record)}`);
    this.name = "CheckFailed";
  }
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
  // Before: accepted, and it could only pass on exact equality (tolerance × |0| = 0) without saying so.
  if (relation === "≈" && spec.relative && spec.expected === 0) {
    throw new Error(`check "${spec.id}": a relative tolerance against expected 0 is 0 (it passes only on exact equality); give an absolute tolerance (relative: false)`);
  }
  const { measured, expected } = spec;
  const tol = relation === "≈" ? (spec.relative ? (spec.tolerance as number) * Math.abs(expected) : (spec.tolerance as number)) : 0;
  let pass = Number.isFinite(measured);
  if (pass) {
    if (relation === "≈") pass = Math.abs(measured - expected) <= tol;
    else if (relation === "≤") pass = measured <= expected;
    else if (relation === "≥") pass = measured >= expected;
    else pass = measured === expected;
  }
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
    pass,
  };
}

/**
 * Checks a claim: records it, shows one line, and throws `CheckFailed` if it does not hold.
 * Returns nothing (so a cell ending in `check(…)` prints only the claim line); see `claims()`.
 */
export function check(spec: ClaimSpec): void {
  const record = evaluate(spec);
  recorded.push(record);
  const mark = record.pass ? "✔" : "✘";
  const line = `${mark} ${record.id} — ${record.claim}: ${describe(record)}`;
  displayBundle({ [CHECK_MIME]: record, "text/html": checkBoxHtml(record), "text/plain": line });
  if (!record.pass) {
    const failure = new CheckFailed(record);
    // Plain `jupyter nbconvert --execute` shows nothing of a failed cell but this line.
    toJupyterClientStderr(`✘ ${record.notebook ? `${record.notebook}: ` : ""}${failure.message}`);
    throw failure;
  }
}
