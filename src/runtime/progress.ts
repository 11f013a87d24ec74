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

export interface Progress {
  /** Advances by `n` (default 1). */
  tick(n?: number): void;
  /** Sets the count done; fits library callbacks `(done, total) => void`. */
  update(done: number, total?: number): void;
  /** Marks completion and prints the final line. */
  done(): void;
}

/** Metadata marking progress outputs, so the book runner can echo them. */
export const PROGRESS_METADATA = { tdyn: "progress" };

let counter = 0;

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Text of one progress line. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, finished = false): string {
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
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`progress: total must be an integer ≥ 0, got ${total}`);
  const mode = options.mode ?? (hasRichDisplay() ? "display" : "lines");
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? (mode === "display" ? 250 : 3000);
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
      emit(progressLine(label, count, total, t - start));
    }
  };
  return {
    tick(n = 1) {
      count = Math.min(total, count + n);
      maybeEmit();
    },
    update(done: number, newTotal?: number) {
      if (newTotal !== undefined) total = newTotal;
      count = Math.min(total, done);
      maybeEmit();
    },
    done() {
      if (finished) return;
      finished = true;
      emit(progressLine(label, count, total, now() - start, true));
    },
  };
}
