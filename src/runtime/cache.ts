/**
 * Results of expensive runs, cached as JSON under data/cache/, keyed by a hash of the whole
 * configuration plus a version of the code that produced them: a notebook draws a cached result
 * at once, and recomputes when the key changes or when asked (NB_RECOMPUTE=1).
 *
 * @example
 * const curves = await cached("fig4", { p: 0.5, q: 0.8, steps: 1000 }, () => runAll());
 */
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "fs";
import * as path from "path";

/** The project's data/cache folder (found from this file's real location, so it works through notebooks/src). */
export function cacheDir(): string {
  return path.join(realpathSync(__dirname), "..", "..", "data", "cache");
}

/** Stable JSON: object keys sorted, so the same configuration always hashes the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Throws unless every number inside `value` is finite. JSON writes NaN and ±Infinity as null, so
 * { h: NaN }, { h: null } and { h: Infinity } would share one key — and one cached result.
 */
function assertJsonNumbers(path: string, value: unknown, seen: Set<object>): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${path} must be a finite number (JSON would store it as null), got ${value}`);
    return;
  }
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return;
    const xs = value as unknown as ArrayLike<unknown>;
    for (let i = 0; i < xs.length; i++) assertJsonNumbers(`${path}[${i}]`, xs[i], seen);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonNumbers(`${path}[${i}]`, v, seen));
  } else {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) assertJsonNumbers(`${path}.${k}`, v, seen);
  }
}

/** The cache file's name for (name, config): `name` in lowercase letters, digits and dashes; every number in `config` finite. */
export function cacheKey(name: string, config: unknown): string {
  assertJsonNumbers("config", config, new Set());
  if (typeof name !== "string") throw new TypeError(`name must be a string, got ${typeof name}`);
  if (!/^[a-z0-9-]+$/.test(name)) throw new RangeError(`cache name must be lowercase letters, digits and dashes, got "${name}"`);
  return `${name}-${createHash("sha256").update(stableJson(config)).digest("hex").slice(0, 12)}`;
}

export interface CacheOptions {
  /** Ignore a cached result and recompute (default: NB_RECOMPUTE=1). */
  recompute?: boolean;
  /** Folder (default data/cache). */
  dir?: string;
  /** Don't write (e.g. quick-profile runs that need no cache). */
  readOnly?: boolean;
}

export async function cached<T>(name: string, config: unknown, compute: () => Promise<T>, options: CacheOptions = {}): Promise<{ value: T; fromCache: boolean; file: string }> {
  const dir = options.dir ?? cacheDir();
  const file = path.join(dir, `${cacheKey(name, config)}.json`);
  const recompute = options.recompute ?? process.env.NB_RECOMPUTE === "1";
  if (!recompute && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { config: unknown; value: T };
    if (stableJson(stored.config) !== stableJson(config)) throw new Error(`cache file ${file} holds another configuration (hash collision?)`);
    return { value: stored.value, fromCache: true, file };
  }
  const value = await compute();
  if (!options.readOnly) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ config, value }) + "\n");
    renameSync(tmp, file);
  }
  return { value, fromCache: false, file };
}

/**
 * A cached result if one is stored for exactly this name and configuration, else null — never computes. For a
 * notebook that shows committed full-profile results in the quick profile (and says so).
 *
 * @example
 * const fig4 = readCached<Curves>("fig4", { p: 0.5, q: 0.8, steps: 1000 }); // null when not committed
 */
export function readCached<T>(name: string, config: unknown, dir = cacheDir()): T | null {
  const file = path.join(dir, `${cacheKey(name, config)}.json`);
  if (!existsSync(file)) return null;
  const stored = JSON.parse(readFileSync(file, "utf8")) as { config: unknown; value: T };
  if (stableJson(stored.config) !== stableJson(config)) throw new Error(`cache file ${file} holds another configuration (hash collision?)`);
  return stored.value;
}
