/**
 * The three-parameter (e, w, a) attention system of Local-to-Global §8 — RECONSTRUCTIONS, not the paper's
 * model (its L(e, w, a) was not found): the note's uniform-attention model (exact O(N²) population loss,
 * gradient, b*, Monte Carlo, flow field, critical plane) and a linear-attention variant with the
 * 1 + a·e² structure and a conserved energy.
 */
export * from "./chain";
export * from "./logit";
export * from "./evaluator";
export * from "./loss";
export * from "./montecarlo";
export * from "./field";
export * from "./critical";
export * from "./limit";
export * from "./linear";
export * from "./energy";
export * from "./transformer";
