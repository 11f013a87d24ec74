/**
 * What each notebook cell started and did not finish: a cell may end while work it began goes on
 * (`measure().then((m) => check(…))` without `await`). The runner must neither finish the notebook
 * while such work is pending nor lose what it does later — a late check, a late rejection — and
 * must blame the cell that started it, not whichever cell happens to run when it lands.
 *
 * Every cell runs inside an AsyncLocalStorage context carrying its number; Node propagates that
 * context to every promise, timer and callback the cell creates, directly or through libraries,
 * so `cellOf()` answers "which cell started the code running now?" anywhere. An async hook
 * records, for promises made in a cell, which cell made them (to blame an unhandled rejection) and
 * whether they are still pending, and counts the other async resources (timers, worker ports, file
 * requests) that cells hold open.
 *
 * @example
 * const work = new CellWork();
 * work.enable();
 * await work.run(3, () => exec.execute(source));
 * const left = await work.drain({ quietMs: 1000 });   // waits for cell 3's `.then(...)`
 * work.disable();
 */
import { AsyncLocalStorage, createHook } from "async_hooks";

export interface CellRejection {
  /** The cell whose code made the rejected promise (null when no cell did). */
  cell: number | null;
  reason: unknown;
}

export interface DrainResult {
  /** Promises made in cells that were still pending when the drain gave up (0 when all settled). */
  pending: number;
  /** The cells those promises came from, ascending. */
  cells: number[];
  /** With NB_DEBUG_PENDING=1: the stack where each was made. */
  origins?: string[];
}

export class CellWork {
  private readonly als = new AsyncLocalStorage<number>();
  /** asyncId → cell, for promises still pending. */
  private readonly pendingPromises = new Map<number, number>();
  /** asyncId → cell, for other async resources cells hold open (timers, ports, requests). */
  private readonly liveResources = new Map<number, number>();
  private readonly promiseCell = new WeakMap<object, number>();
  /** Pending promises made outside every cell (e.g. tslab's interrupt promise, which never settles). */
  private readonly outside = new Set<number>();
  /** With NB_DEBUG_PENDING=1: where each pending promise was made (costly; for diagnosis only). */
  private readonly origins: Map<number, string> | null = process.env.NB_DEBUG_PENDING === "1" ? new Map() : null;
  /** Bumped on every settle or release: lets a drain tell "still moving" from "stuck". */
  private changes = 0;
  readonly rejections: CellRejection[] = [];
  private readonly onRejection = (reason: unknown, promise: Promise<unknown>) => {
    this.rejections.push({ cell: this.promiseCell.get(promise) ?? this.cellOf(), reason });
  };
  private readonly hook = createHook({
    init: (asyncId, type, trigger, resource) => {
      const cell = this.als.getStore();
      if (cell === undefined) {
        if (type === "PROMISE") this.outside.add(asyncId);
        return;
      }
      if (type === "PROMISE") {
        // A promise derived from one made outside the cells (`Promise.race([cell, interrupt])` in
        // tslab's executor derives one from its never-settling interrupt promise) settles by
        // outside work, not the cell's: not the cell's to wait for.
        if (this.outside.has(trigger)) return;
        this.pendingPromises.set(asyncId, cell);
        this.promiseCell.set(resource as object, cell);
        this.origins?.set(asyncId, new Error().stack?.split("\n").slice(2, 12).join("\n") ?? "");
      } else {
        this.liveResources.set(asyncId, cell);
      }
    },
    promiseResolve: (asyncId) => {
      this.outside.delete(asyncId);
      this.origins?.delete(asyncId);
      if (this.pendingPromises.delete(asyncId)) this.changes++;
    },
    destroy: (asyncId) => {
      if (this.liveResources.delete(asyncId)) this.changes++;
    },
  });

  /** Starts tracking and takes over `unhandledRejection` (so a rejection never kills the process). */
  enable(): void {
    this.hook.enable();
    process.on("unhandledRejection", this.onRejection);
  }

  disable(): void {
    this.hook.disable();
    process.off("unhandledRejection", this.onRejection);
  }

  /** Runs `fn` as code of `cell`: everything it starts, now or later, belongs to that cell. */
  run<T>(cell: number, fn: () => T): T {
    return this.als.run(cell, fn);
  }

  /** The cell whose code is running now (also inside callbacks it scheduled), or null. */
  cellOf(): number | null {
    return this.als.getStore() ?? null;
  }

  /** Removes and returns the rejections recorded so far. */
  takeRejections(): CellRejection[] {
    return this.rejections.splice(0, this.rejections.length);
  }

  /**
   * Waits until every promise made in a cell has settled. Gives up — and reports what is left —
   * when no promise has settled and no resource been released for `quietMs` while cells hold no
   * open resource (a promise that nothing can settle any more, e.g. `new Promise(() => {})`),
   * or when `signal` aborts. `onWait` is called about every `tickMs` with what is pending.
   */
  async drain(options: { quietMs?: number; tickMs?: number; onWait?: (r: DrainResult) => void } = {}): Promise<DrainResult> {
    const quietMs = options.quietMs ?? 2000;
    const tickMs = options.tickMs ?? 10_000;
    let lastChanges = -1;
    let quietSince = Date.now();
    let lastTick = Date.now();
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.pendingPromises.size === 0) return { pending: 0, cells: [] };
      const now = Date.now();
      if (this.changes !== lastChanges) {
        lastChanges = this.changes;
        quietSince = now;
      } else if (this.liveResources.size === 0 && now - quietSince >= quietMs) {
        return this.pendingNow();
      }
      if (now - lastTick >= tickMs) {
        lastTick = now;
        options.onWait?.(this.pendingNow());
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    }
  }

  private pendingNow(): DrainResult {
    const cells = [...new Set(this.pendingPromises.values())].sort((a, b) => a - b);
    const origins = this.origins ? [...this.origins.values()] : undefined;
    return { pending: this.pendingPromises.size, cells, origins };
  }
}
