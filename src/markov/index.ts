/** Markov sources: the binary chain of §1, k-state chains and k-th order binary chains. */
export * from "./validate";
export * from "./entropy";
export * from "./binary";
export * from "./sample";
export * from "./chain";
export * from "./higherOrder";
export * from "./empirical";
