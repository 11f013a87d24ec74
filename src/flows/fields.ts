/**
 * Flow fields named by plain data, so a worker thread can rebuild the same field from a message.
 *
 * The integrators know no model: a model registers its field here under a kind, with the module
 * that registers it (so a worker thread that has not loaded that module can load it), and callers
 * name fields as plain data, `{ kind, …parameters }`.
 *
 * @example
 * // in src/canonical/field.ts:
 * registerField("canonical", __filename, (s) => canonicalFlowField(Number(s.p), Number(s.q)));
 * // anywhere:
 * const f = makeField({ kind: "canonical", p: 0.9, q: 0.9 });
 */
import type { Field } from "./ode";

/** A field named by data: its registered kind and its parameters (numbers, so it can be posted). */
export interface FieldSpec {
  kind: string;
  [parameter: string]: number | string;
}

interface Registration {
  /** The module that registers this kind: a worker thread loads it to rebuild the field. */
  module: string;
  make: (spec: FieldSpec) => Field;
}

const registry = new Map<string, Registration>();

/**
 * Registers a field kind. `module` is the registering file (`__filename`): loading it registers
 * the kind again, which is how a worker thread learns it.
 */
export function registerField(kind: string, module: string, make: (spec: FieldSpec) => Field): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new RangeError(`field kind must be lowercase letters, digits and dashes, got "${kind}"`);
  registry.set(kind, { module, make });
}

/** The module that registers `spec.kind` (what a worker thread must load), or an error naming the known kinds. */
export function fieldModule(spec: FieldSpec): string {
  return registration(spec.kind).module;
}

/** Builds the field a spec names; a worker passes `module` to load a kind it has not seen yet. */
export function makeField(spec: FieldSpec, module?: string): Field {
  if (!registry.has(spec.kind) && module) require(module);
  return registration(spec.kind).make(spec);
}

function registration(kind: string): Registration {
  const r = registry.get(kind);
  if (!r) {
    const known = [...registry.keys()].join(", ") || "none yet";
    throw new RangeError(`spec.kind "${kind}" is not a registered field kind (registered: ${known}); import the module that registers it, e.g. src/canonical/field.ts`);
  }
  return r;
}
