/**
 * The full single-layer transformer of Local to Global: parameters, forward/backward, initialisations.
 *
 * Forward and backward are written by hand rather than on an autodiff library: the step is fast
 * because of an exact structure of binary data (shared exponentials, passes that visit only the
 * ones; see attention.ts) that a generic tape would not see. Every gradient is checked against
 * finite differences (tests/model.test.ts).
 */
export * from "./params";
export * from "./attention";
export * from "./sequence";
export * from "./batch";
export * from "./init";
export * from "./rank";
export * from "./canonical-projection";
