/**
 * The book's library, as notebooks import it: `import { show, check } from "./src/index";`
 *
 * Grouped by concept: the notebook runtime, the seeded random source, and one folder per
 * mathematical object of the papers.
 */
export * from "./runtime/index";
export * from "./runtime/rng";
export { proportionDifferenceInterval, type EffectInterval } from "./runtime/effects";
export { mean, variance, std, median, wilsonInterval, quantileInterval, signTestP, type QuantileInterval } from "./runtime/stats";
export * from "./markov/index";
export * from "./canonical/index";
export * from "./flows/index";
export * from "./attention/index";
export * from "./runtime/grid";
export * from "./figures/index";
export * from "./model/index";
export * from "./training/index";
export * from "./kernels/index";
export * from "./meanfield/index";
