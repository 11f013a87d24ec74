/**
 * Progress for long loops: elapsed time and an estimate of what is left.
 *
 * In a notebook the line updates in place (one output, rewritten); without a front end (plain
 * Node, tests) it prints a line every few seconds. The book runner echoes the in-place updates to
 * the terminal.
 *
 * @example
 * const bar = progress("integrating flows", starts.length);
 * for (const s of starts) { integrate(s); bar.tick(); }
 * bar.done();
 * // integrating flows: 500/500 (100%) in 3.2 s
 */
import { displayBundle, hasRichDisplay } from "./display";
import { assertInteger, assertNonNegative } from "./validate";

export interface Progress {
  /** Advances by `n` (default 1), an integer ≥ 0. */
  tick(n?: number): void;
  /** Sets the count done (an integer ≥ 0; a new total likewise); fits library callbacks `(done, total) => void`. */
  update(done: number, total?: number): void;
  /** Marks completion and prints the final line. */
  done(): void;
}

/** Metadata marking progress outputs, so the book runner can echo them. */
export const PROGRESS_METADATA = { tdyn: "progress" };

let counter = 0;

/**
 * A duration for people: "4.2 s" under a minute (`decimals` digits), "3 min 7 s" above.
 *
 * @example
 * formatDuration(187_400); // "3 min 7 s"
 */
export function formatDuration(ms: number, decimals = 1): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(decimals)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

const seconds = (ms: number) => formatDuration(ms);

/** Text of one progress line: `done` and `total` integers ≥ 0, `elapsedMs` ≥ 0. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, finished = false): string {
  assertInteger("done", done, 0);
  assertInteger("total", total, 0);
  assertNonNegative("elapsedMs", elapsedMs);
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  if (finished) return `${label}: ${done}/${total} (${pct}%) in ${seconds(elapsedMs)}`;
  const left = done > 0 ? ` · ~${seconds((elapsedMs * (total - done)) / done)} left` : "";
  return `${label}: ${done}/${total} (${pct}%) · ${seconds(elapsedMs)} elapsed${left}`;
}

/**
 * Starts a progress report over `total` units. `mode` defaults to in-place updates where a front
 * end exists and plain lines otherwise; `intervalMs` is the minimum time between updates.
 */
export function progress(
  label: string,
  total: number,
  options: { mode?: "display" | "lines"; intervalMs?: number; now?: () => number } = {},
): Progress {
  assertInteger("total", total, 0);
  if (options.mode !== undefined && options.mode !== "display" && options.mode !== "lines") {
    throw new RangeError(`mode must be "display" or "lines", got "${String(options.mode)}"`);
  }
  const mode = options.mode ?? (hasRichDisplay() ? "display" : "lines");
  const now = options.now ?? Date.now;
  // A NaN interval never printed a line (t − last ≥ NaN is false).
  const interval = assertNonNegative("intervalMs", options.intervalMs ?? (mode === "display" ? 250 : 3000));
  const start = now();
  const displayId = `tdyn-progress-${++counter}`;
  let count = 0;
  let shown = false;
  let last = start;
  let finished = false;

  const emit = (text: string) => {
    if (mode === "display") {
      displayBundle({ "text/plain": text }, { displayId, update: shown, metadata: PROGRESS_METADATA });
    } else {
      console.log(text);
    }
    shown = true;
  };
  const maybeEmit = () => {
    const t = now();
    if (t - last >= interval) {
      last = t;
      emit(progressLine(label, count, total, Math.max(0, t - start))); // a clock set back must not throw
    }
  };
  return {
    tick(n = 1) {
      // Before: tick(NaN) printed "NaN/3 (NaN%)", tick(-2) a negative count.
      assertInteger("n", n, 0);
      count = Math.min(total, count + n);
      maybeEmit();
    },
    update(done: number, newTotal?: number) {
      assertInteger("done", done, 0);
      if (newTotal !== undefined) total = assertInteger("total", newTotal, 0);
      count = Math.min(total, done);
      maybeEmit();
    },
    done() {
      if (finished) return;
      finished = true;
      emit(progressLine(label, count, total, Math.max(0, now() - start), true));
    },
  };
}
