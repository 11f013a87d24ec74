/** The full single-layer transformer of Local to Global: parameters, forward/backward, initialisations. */
export * from "./params";
export * from "./attention";
export * from "./sequence";
export * from "./batch";
export * from "./init";
export * from "./rank";
