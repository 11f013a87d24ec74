import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHECK_MIME, CLAIM_KINDS, CheckFailed, VERDICT_KINDS, check, claims, evaluate } from "../src/runtime/check";
import type { ClaimSpec } from "../src/runtime/check";
import type { DisplayMessage } from "../src/runtime/display";
import { Figure, PLOTLY_MIME, figureBundle, figureHash, validateFigure } from "../src/runtime/figure";
import { withDefaults } from "../src/runtime/figure-defaults";
import { byProfile, runParams } from "../src/runtime/params";
import { formatDuration, progress, progressLine } from "../src/runtime/progress";
import { PLOTLY_LOADER_METADATA, show } from "../src/runtime/show";
import { checkBoxHtml } from "../src/runtime/check-view";
import { createRng, deriveSeed } from "../src/runtime/rng";
import { quantileInterval, signTestP, wilsonInterval } from "../src/runtime/stats";
import { proportionDifferenceInterval } from "../src/runtime/effects";
import { tslabJupyter } from "./tools";

const fig = (y: number[] = [1, 0, 2]): Figure => ({
  data: [{ type: "scatter", x: [0, 1, 2], y, name: "L" }],
  layout: { title: { text: "Loss" }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L(t)" } } },
});

let sent: { msg: DisplayMessage; update: boolean }[] = [];
beforeEach(() => {
  sent = [];
  tslabJupyter().lastWriteDisplayData = (msg: DisplayMessage, update: boolean) => sent.push({ msg, update });
});
afterEach(() => {
  tslabJupyter().lastWriteDisplayData = null;
});

describe("figures", () => {
  it("label every tick of a log axis with its value, unless the axis says otherwise", () => {
    const layout = withDefaults({
      data: [{ type: "scatter", x: [1, 2], y: [1, 2], xaxis: "x", yaxis: "y2" }],
      layout: { xaxis: { type: "log" }, yaxis2: { type: "log", exponentformat: "power" } },
    }).layout as Record<string, Record<string, unknown>>;
    expect(layout.xaxis.tickformat).toBe("~g");
    expect(layout.xaxis.automargin).toBe(true);
    expect(layout.yaxis2.tickformat).toBeUndefined();
    expect(layout.yaxis2.exponentformat).toBe("power");
  });

  it("go out as ONE display with Plotly JSON, HTML and text, plotly.js loaded once", () => {
    show(fig(), { NB_PLOTLY_INIT: "inline" });
    show(fig([3, 2, 1]), { NB_PLOTLY_INIT: "inline" });
    expect(sent).toHaveLength(3);
    expect(sent[0].msg.metadata).toEqual(PLOTLY_LOADER_METADATA);
    expect(String(sent[0].msg.data["text/html"])).toContain("Plotly");
    for (const { msg } of sent.slice(1)) {
      expect(Object.keys(msg.data).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
      expect(typeof msg.data[PLOTLY_MIME]).toBe("object");
      expect(msg.data["text/plain"]).toBe("<Plotly figure: Loss>");
    }
  });

  it("by default carry no plotly.js: each figure's HTML loads the project's one copy on demand", () => {
    show(fig(), {});
    show(fig([3, 2, 1]), {});
    expect(sent).toHaveLength(2);
    for (const { msg } of sent) {
      const html = String(msg.data["text/html"]);
      expect(html).toContain("node_modules/plotly.js-dist-min/plotly.min.js");
      // ≈1 KB of loader and ≈1 KB of messages (why a box is empty) for a tiny figure; plotly.js is 4.8 MB.
      expect(html.length).toBeLessThan(6000);
    }
  });

  it("have ids derived from content: same figure, same bytes; different figure, different id", () => {
    const a = figureBundle(fig(), `fig-${figureHash(fig())}`);
    const b = figureBundle(fig(), `fig-${figureHash(fig())}`);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(figureHash(fig())).not.toBe(figureHash(fig([1, 0, 3])));
    expect(figureHash({ ...fig(), data: [{ ...fig().data[0], y: new Float64Array([1, 0, 2]) }] })).toBe(figureHash(fig()));
  });

  it("give a repeated figure a distinct element id", () => {
    show(fig(), { NB_PLOTLY_INIT: "none" });
    show(fig(), { NB_PLOTLY_INIT: "none" });
    const ids = sent.map((s) => /id="([^"]+)"/.exec(String(s.msg.data["text/html"]))?.[1]);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("escape </script> inside figure text", () => {
    const f = fig();
    f.layout.title = { text: "</script><b>x</b>" };
    const html = String(figureBundle(f, "fig-x")["text/html"]);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("refuse figures a reader cannot read or that hide NaN", () => {
    expect(() => validateFigure({ ...fig(), layout: {} })).toThrow(/no title/);
    expect(() => validateFigure({ ...fig(), layout: { title: "T", xaxis: { title: "x" } } })).toThrow(/axis yaxis has no title/);
    expect(() => validateFigure(fig([1, NaN, 2]))).toThrow(/non-finite value NaN in "y\[1\]"/);
    expect(() => validateFigure(fig([1, Infinity, 2]))).toThrow(/non-finite/);
    expect(() => validateFigure({ ...fig(), data: [{ type: "scatter3d", x: [0], y: [0], z: [0] }] })).toThrow(/3-D xaxis has no title/);
    expect(() => validateFigure({ ...fig(), data: [{ type: "scatter", x: [0, 1], y: [null, 1] }] })).not.toThrow();
  });
});

describe("check", () => {
  it("passes, prints one line and records the claim", () => {
    const before = claims().length;
    check({ id: "t-pass", claim: "one is about one", measured: 1.0004, expected: 1, tolerance: 1e-3, kind: "consistency" });
    expect(claims().length).toBe(before + 1);
    const rec = claims()[claims().length - 1];
    expect(rec).toMatchObject({ id: "t-pass", pass: true, relation: "≈", tolerance: 1e-3, kind: "consistency" });
    expect(sent[0].msg.data[CHECK_MIME]).toMatchObject({ id: "t-pass", pass: true });
    expect(sent[0].msg.data["text/plain"]).toMatch(/^✓ consistency · t-pass — one is about one: 1\.0004 ≈ 1 ± 0\.001/);
  });

  it("throws CheckFailed naming the claim when it fails, after showing it", () => {
    expect(() => check({ id: "t-fail", claim: "drift is tiny", measured: 1e-6, relation: "≤", expected: 1e-9, kind: "consistency" })).toThrow(CheckFailed);
    expect(() => check({ id: "t-fail", claim: "drift is tiny", measured: 1e-6, relation: "≤", expected: 1e-9, kind: "consistency" })).toThrow(/claim "t-fail" failed: drift is tiny/);
    expect(sent[0].msg.data["text/plain"]).toMatch(/^✘ consistency, does not hold · t-fail/);
    expect(claims().some((c) => c.id === "t-fail" && !c.pass)).toBe(true);
  });

  it("evaluates every relation, relative tolerances and NaN", () => {
    expect(evaluate({ id: "a", claim: "c", measured: 0.6663, expected: 0.666278, tolerance: 0.01, kind: "consistency" }).pass).toBe(true);
    expect(evaluate({ id: "a", claim: "c", measured: 0.69, expected: 0.666278, tolerance: 0.01, kind: "consistency" }).pass).toBe(false);
    expect(evaluate({ id: "a", claim: "c", measured: 101, expected: 100, tolerance: 0.02, relative: true, kind: "consistency" }).pass).toBe(true);
    expect(evaluate({ id: "a", claim: "c", measured: 103, expected: 100, tolerance: 0.02, relative: true, kind: "consistency" }).pass).toBe(false);
    expect(evaluate({ id: "a", claim: "c", measured: 5, expected: 4, relation: "≥", kind: "consistency" }).pass).toBe(true);
    expect(evaluate({ id: "a", claim: "c", measured: 3, expected: 4, relation: "≥", kind: "consistency" }).pass).toBe(false);
    expect(evaluate({ id: "a", claim: "c", measured: 10000, expected: 10000, relation: "=", kind: "consistency" }).pass).toBe(true);
    expect(evaluate({ id: "a", claim: "c", measured: 9999, expected: 10000, relation: "=", kind: "consistency" }).pass).toBe(false);
    expect(evaluate({ id: "a", claim: "c", measured: NaN, expected: 0, relation: "≤", kind: "consistency" }).pass).toBe(false);
    expect(() => evaluate({ id: "a", claim: "c", measured: 1, expected: 1, kind: "consistency" })).toThrow(/needs a tolerance/);
    expect(() => evaluate({ id: "bad id", claim: "c", measured: 1, expected: 1, tolerance: 0, kind: "consistency" })).toThrow(/slug/);
  });

  it("requires a kind, names the check when it is missing or unknown, and records it", () => {
    const noKind = { id: "no-kind", claim: "c", measured: 1, expected: 1, relation: "=" } as unknown as ClaimSpec;
    expect(() => evaluate(noKind)).toThrow(/check "no-kind": kind is missing/);
    const badKind = { ...noKind, id: "bad-kind", kind: "theorem" } as unknown as ClaimSpec;
    expect(() => evaluate(badKind)).toThrow(/check "bad-kind": kind must be one of paper, reconstruction, observation, consistency, got "theorem"/);
    for (const kind of CLAIM_KINDS) expect(evaluate({ id: "k", claim: "c", measured: 1, expected: 1, relation: "=", kind, ...(VERDICT_KINDS.includes(kind) ? { expect: "reproduced" as const } : {}) }).kind).toBe(kind);
  });

  it("refuses a relative tolerance against an expected value of 0, which only exact equality could pass", () => {
    expect(() => evaluate({ id: "rel0", claim: "c", measured: 0, expected: 0, tolerance: 0.1, relative: true, kind: "consistency" })).toThrow(/relative tolerance against an expected value of 0/);
  });
});

describe("verdicts of the papers' claims", () => {
  const paper = (measured: number, extra: Partial<ClaimSpec> = {}): ClaimSpec => ({
    id: "p1", claim: "the loss stays on the plateau", source: "Fig. 4 caption", measured, relation: "≥", expected: 0.5, kind: "paper", expect: "not reproduced", ...extra,
  });

  it("need the verdict the prose states, and carry none for observations", () => {
    expect(() => evaluate({ ...paper(0.2), expect: undefined })).toThrow(/needs `expect`, the verdict the notebook's prose states/);
    expect(() => evaluate({ ...paper(0.2), expect: "confirmed" as never })).toThrow(/expect must be one of/);
    expect(() => evaluate({ id: "o", claim: "c", measured: 1, expected: 1, relation: "=", kind: "observation", expect: "reproduced" })).toThrow(/only paper and reconstruction claims carry a verdict/);
    expect(() => evaluate(paper(0.2, { inconclusive: "" }))).toThrow(/non-empty reason/);
    expect(evaluate({ id: "o", claim: "c", measured: 1, expected: 1, relation: "=", kind: "observation" }).verdict).toBeNull();
  });

  it("are computed from the run: reproduced, not reproduced, partly (with reason), inconclusive (with reason)", () => {
    expect(evaluate(paper(0.8, { expect: "reproduced" }))).toMatchObject({ verdict: "reproduced", holds: true, pass: true });
    expect(evaluate(paper(0.2))).toMatchObject({ verdict: "not reproduced", holds: false, pass: true, source: "Fig. 4 caption" });
    expect(evaluate(paper(0.8, { expect: "partly reproduced", partly: "holds at N = 1024 only" }))).toMatchObject({ verdict: "partly reproduced", reason: "holds at N = 1024 only", pass: true });
    expect(evaluate(paper(0.8, { expect: "inconclusive", inconclusive: "interval too wide", partly: "x" }))).toMatchObject({ verdict: "inconclusive", reason: "interval too wide" });
    expect(evaluate(paper(0.8, { expect: "reproduced", partly: false, inconclusive: null })).verdict).toBe("reproduced");
  });

  it("'not reproduced' is shown plainly and never green, and does not fail the build", () => {
    expect(() => check(paper(0.2))).not.toThrow();
    const line = String(sent[0].msg.data["text/plain"]);
    expect(line).toMatch(/^✘ not reproduced · p1 — the loss stays on the plateau \(Fig\. 4 caption\): 0\.2 ≥ 0\.5/);
    const html = String(sent[0].msg.data["text/html"]);
    expect(html).toContain("verdict: not reproduced");
    expect(html).not.toContain("✔");
    expect(html).not.toContain("#007a5a");
  });

  it("fail the build when the run's verdict differs from the one the prose states (a flipped seed, stale prose)", () => {
    expect(() => check(paper(0.8))).toThrow(CheckFailed);
    expect(() => check(paper(0.8))).toThrow(/verdict is "reproduced" but the notebook states "not reproduced"/);
    expect(() => check(paper(0.2, { expect: "reproduced" }))).toThrow(/verdict is "not reproduced" but the notebook states "reproduced"/);
    // A measurement that is not a number is an error, never a verdict.
    expect(() => check(paper(NaN))).toThrow(CheckFailed);
  });

  it("show a perturbation under which the same test gives the other answer, and refuse one under which it does not", () => {
    const notRep = evaluate(paper(0.2, { perturbed: { what: "the runs' first step", measured: 0.9 } }));
    expect(notRep.perturbed).toEqual({ what: "the runs' first step", measured: 0.9 });
    expect(checkBoxHtml(notRep)).toContain("the same test holds under a perturbation — the runs' first step: measured 0.9");
    const rep = evaluate(paper(0.8, { expect: "reproduced", perturbed: { what: "the last step", measured: 0.1 } }));
    expect(checkBoxHtml(rep)).toContain("the same test fails under a perturbation — the last step: measured 0.1");
    expect(() => evaluate(paper(0.2, { perturbed: { what: "a tiny nudge", measured: 0.3 } }))).toThrow(/under its perturbation \(a tiny nudge\) the test still fails.*cannot tell/);
    expect(() => evaluate(paper(0.8, { expect: "reproduced", perturbed: { what: "a nudge", measured: 0.7 } }))).toThrow(/still holds/);
    expect(() => evaluate(paper(0.2, { perturbed: { what: "x", measured: NaN } }))).toThrow(/must be measured/);
    expect(() => evaluate({ id: "o", claim: "c", measured: 1, expected: 1, relation: "=", kind: "observation", perturbed: { what: "x", measured: 2 } })).toThrow(/for paper and reconstruction claims/);
  });
});

describe("run parameters and seeds", () => {
  it("read profile and seed from the environment, rejecting bad values", () => {
    expect(runParams({})).toEqual({ profile: "quick", seed: 2024 });
    expect(runParams({ NB_PROFILE: "full", NB_SEED: "7" })).toEqual({ profile: "full", seed: 7 });
    expect(() => runParams({ NB_PROFILE: "fast" })).toThrow(/NB_PROFILE/);
    expect(() => runParams({ NB_SEED: "abc" })).toThrow(/NB_SEED/);
    expect(() => runParams({ NB_SEED: "0" })).toThrow(/NB_SEED/);
    // Only plain decimal integers, and only MT19937's range: never a number read another way.
    for (const bad of ["0x10", "1e3", "+7", "7.0", "-3", "4294967296", " ", "1_000"]) {
      expect(() => runParams({ NB_SEED: bad }), bad).toThrow(/NB_SEED must be a decimal integer in \[1, 4294967295\]/);
    }
    expect(runParams({ NB_SEED: "4294967295" }).seed).toBe(4294967295);
    expect(runParams({ NB_SEED: " 0042 " }).seed).toBe(42);
    expect(byProfile({ quick: 1, full: 2 }, { profile: "full", seed: 1 })).toBe(2);
  });

  it("repeat every draw for the same seed, differ for another, and fork independent streams", () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return [r.uniform(), r.normal(), r.bernoulli(0.5), r.fork("a").normal()];
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
    expect(deriveSeed(11, "a")).not.toBe(deriveSeed(11, "b"));
    const a = createRng(5);
    a.uniform();
    expect(a.fork("x").uniform()).toBe(createRng(5).fork("x").uniform()); // forks do not depend on state
  });

  it("draw N(0, 1) with the right moments", () => {
    const r = createRng(3);
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });
});

describe("progress", () => {
  it("reports elapsed time and an estimate of the remainder", () => {
    expect(progressLine("flows", 25, 100, 2000)).toBe("flows: 25/100 (25%) · 2.0 s elapsed · ~6.0 s left");
    expect(progressLine("flows", 100, 100, 8000, true)).toBe("flows: 100/100 (100%) in 8.0 s");
  });

  it("writes durations as seconds under a minute and minutes and seconds above", () => {
    expect(formatDuration(4230)).toBe("4.2 s");
    expect(formatDuration(4230, 0)).toBe("4 s");
    expect(formatDuration(187_400)).toBe("3 min 7 s");
  });

  it("updates one display in place in a notebook", () => {
    let t = 0;
    const bar = progress("loop", 10, { mode: "display", intervalMs: 100, now: () => t });
    for (let i = 0; i < 10; i++) {
      t += 60;
      bar.tick();
    }
    bar.done();
    const ids = new Set(sent.map((s) => s.msg.transient.display_id));
    expect(ids.size).toBe(1);
    expect(sent[0].update).toBe(false);
    expect(sent.slice(1).every((s) => s.update)).toBe(true);
    expect(sent[sent.length - 1].msg.data["text/plain"]).toBe("loop: 10/10 (100%) in 0.6 s");
  });
});

describe("derived seeds", () => {
  it("differ for neighbouring seeds and for labels (no collisions over 2000 × 5)", () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 2000; seed++) for (const label of ["init", "train-data", "test-data", "a", "b"]) seen.add(deriveSeed(seed, label));
    expect(seen.size).toBe(10_000);
  });
});

describe("binomial intervals", () => {
  it("Wilson: known values, the ends at 0 and n successes, and bad input", () => {
    const [lo, hi] = wilsonInterval(1, 5);
    expect(lo).toBeCloseTo(0.03622, 4);
    expect(hi).toBeCloseTo(0.62449, 4);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.27753, 4);
    expect(wilsonInterval(5, 5)[1]).toBe(1);
    expect(wilsonInterval(4, 5)[1]).toBeLessThan(1);
    expect(() => wilsonInterval(6, 5)).toThrow(/successes must be ≤ n/);
    expect(() => wilsonInterval(1, 0)).toThrow(/n must be/);
  });

  it("order-statistic quantile interval: ranks from the binomial, infinite ends when n is too small, coverage", () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    const r = quantileInterval(xs, 0.5);
    const s = [...xs].sort((a, b) => a - b);
    expect(r.estimate).toBe(s[9]);
    expect(r.lower).toBe(s[5]); // l = 6: P(K ≤ 5) = 0.0207 ≤ 0.025 < P(K ≤ 6)
    expect(r.upper).toBe(s[14]); // u = 15
    expect(r.coverage).toBeCloseTo(1 - 2 * 0.020695, 5);
    const small = quantileInterval([400, 410, 480, 900, Infinity], 0.5);
    expect(small.lower).toBe(-Infinity); // P(K = 0) = 1/32 > 0.025
    expect(small.upper).toBe(Infinity);
    expect(small.estimate).toBe(480);
    // coverage in simulation: the true median of U(0, 1) is inside the interval at least 95 % of the time
    const rng = createRng(9);
    let inside = 0;
    for (let t = 0; t < 2000; t++) {
      const r2 = quantileInterval(Array.from({ length: 30 }, () => rng.uniform()), 0.5);
      if (r2.lower <= 0.5 && 0.5 <= r2.upper) inside++;
    }
    expect(inside / 2000).toBeGreaterThan(0.94);
    expect(() => quantileInterval([1, NaN], 0.5)).toThrow(/value 1 is NaN/);
    expect(() => quantileInterval([1, 2], 1)).toThrow(/q must be/);
  });

  it("sign test: exact two-sided p-values", () => {
    expect(signTestP(9, 12)).toBeCloseTo((2 * 299) / 4096, 12);
    expect(signTestP(3, 12)).toBeCloseTo((2 * 299) / 4096, 12);
    expect(signTestP(6, 12)).toBe(1);
    expect(signTestP(0, 5)).toBeCloseTo(2 / 32, 12);
    expect(() => signTestP(6, 5)).toThrow(/below must be ≤ n/);
  });
});

describe("runSeed", () => {
  it("is seed + r inside the domain and wraps at its top, never leaving [1, 2^32 − 1]", async () => {
    const { runSeed } = await import("../src/runtime/rng");
    expect(runSeed(2024, 0)).toBe(2024);
    expect(runSeed(2024, 4)).toBe(2028);
    expect(runSeed(4294967295, 0)).toBe(4294967295);
    expect(runSeed(4294967295, 1)).toBe(1);
    expect(runSeed(4294967294, 3)).toBe(2);
    expect(() => runSeed(0, 1)).toThrow(/seed/);
    expect(() => runSeed(7, -1)).toThrow(/^r \(the run's index\)/);
    expect(() => runSeed(7, 1.5)).toThrow(/^r \(the run's index\)/);
  });
});

describe("effect intervals", () => {
  it("Newcombe's hybrid interval for a difference of proportions: Newcombe's (1998) worked example and the ends", () => {
    // Newcombe 1998, Table II example (a): 56/70 − 48/80 → 0.2, 95 % interval [0.0524, 0.3339].
    const d = proportionDifferenceInterval(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 12);
    expect(d.lower).toBeCloseTo(0.0524, 4);
    expect(d.upper).toBeCloseTo(0.3339, 4);
    const all = proportionDifferenceInterval(5, 5, 0, 5);
    expect(all.estimate).toBe(1);
    expect(all.upper).toBeLessThanOrEqual(1);
    expect(all.lower).toBeGreaterThan(0);
    expect(() => proportionDifferenceInterval(6, 5, 0, 5)).toThrow(RangeError);
  });
});
