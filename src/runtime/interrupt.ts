/**
 * Kernel > Interrupt stops the work a cell started, not only the cell.
 *
 * Jupyter interrupts a kernel with SIGINT. tslab ends the running cell at once, but a training loop,
 * a batch of worker threads or a sweep that the cell awaited went on running behind the next
 * cells. Here SIGINT also starts a new interrupt *generation*: every piece of long work notes the
 * generation it started in and stops at its next checkpoint once the generation has moved on, and
 * every registered canceller (pending worker requests, worker pools) runs at once.
 *
 * The handler is installed only in a tslab kernel process (`tslab kernel …`), whose own handler
 * turns SIGINT into an interrupt. Elsewhere (the book runner, vitest, plain Node) SIGINT keeps
 * ending the process. (A cell cannot ask `process.listenerCount("SIGINT")`: Node detaches the
 * handlers while a cell's script runs, for `breakOnSigint`.) The state lives on `globalThis`, so a module reloaded by tslab after
 * an edit shares it.
 *
 * @example
 * const born = interruptGeneration();
 * for (let step = 0; step < steps; step++) {
 *   await checkpoint(born);   // yields now and then; throws Interrupted after Kernel > Interrupt
 *   work(step);
 * }
 */

/** What long work throws when Kernel > Interrupt stopped it. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted (Kernel > Interrupt): the work this cell started was stopped");
    this.name = "Interrupted";
  }
}

interface InterruptState {
  generation: number;
  cancellers: Set<() => void>;
  installed: boolean;
  lastYield: number;
}

const KEY = "__tdynInterrupt";
const holder = globalThis as unknown as Record<string, InterruptState | undefined>;
const state: InterruptState = (holder[KEY] ??= { generation: 0, cancellers: new Set(), installed: false, lastYield: 0 });

/** The current interrupt generation (it moves on at each interrupt). */
export function interruptGeneration(): number {
  return state.generation;
}

/** True when an interrupt came after generation `born`. */
export function interruptedSince(born: number): boolean {
  return state.generation !== born;
}

/** Throws `Interrupted` when an interrupt came after generation `born`. */
export function assertNotInterrupted(born: number): void {
  if (state.generation !== born) throw new Interrupted();
}

/**
 * Runs `cancel` at the next interrupt (once); returns a function that unregisters it. For work
 * that waits on something else (a worker's reply) and must stop waiting at once.
 */
export function onInterrupt(cancel: () => void): () => void {
  const once = () => {
    state.cancellers.delete(once);
    cancel();
  };
  state.cancellers.add(once);
  return () => void state.cancellers.delete(once);
}

/** Interrupts all running work: what Kernel > Interrupt does (exported for tests). */
export function interruptWork(): void {
  state.generation++;
  for (const cancel of [...state.cancellers]) {
    try {
      cancel();
    } catch {
      // one canceller failing must not keep the others from running
    }
  }
}

/** How often a loop that never waits on anything yields to the event loop, so SIGINT is seen. */
const YIELD_EVERY_MS = 50;

/**
 * A checkpoint for long asynchronous loops: yields to the event loop when the last yield is
 * `YIELD_EVERY_MS` old (a loop of microtasks alone never lets a signal handler run), then throws
 * `Interrupted` if an interrupt came after generation `born`.
 */
export async function checkpoint(born: number): Promise<void> {
  const now = Date.now();
  if (now - state.lastYield >= YIELD_EVERY_MS) {
    state.lastYield = now;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  assertNotInterrupted(born);
}

/** True for the process of a tslab (or jslab) kernel: `node …/tslab kernel --config-path …`. */
export function isKernelProcess(argv: readonly string[]): boolean {
  return /(^|[\\/])[tj]slab(\.cmd|\.js)?$/.test(argv[1] ?? "") && argv[2] === "kernel";
}

/**
 * Follows the kernel's SIGINT (see the file's comment). Returns whether the handler is in place.
 * Called when this module loads; safe to call again.
 */
export function followKernelInterrupts(proc: NodeJS.Process | undefined = globalThis.process): boolean {
  if (state.installed) return true;
  if (!proc || typeof proc.on !== "function" || !isKernelProcess(proc.argv)) return false;
  state.installed = true;
  // Not now: this module loads inside a cell's script, while Node has detached the SIGINT
  // handlers for `breakOnSigint`; a handler attached then is dropped by the signal watchdog when
  // the script ends, and the next SIGINT killed the kernel. Right after the script, it sticks.
  setImmediate(() => proc.on("SIGINT", interruptWork));
  return true;
}

followKernelInterrupts();
