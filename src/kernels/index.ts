/**
 * Softmax vs Gaussian attention (Song et al., "Unraveling the Gradient Descent Dynamics of
 * Transformers", NeurIPS 2024): the two kernels, the single-layer multi-head regression model with
 * W_O fixed, the matrix B and its rate, gradient descent on any subset of W_Q, W_K, W_V, loss
 * landscapes, and the small two-layer classifier with the synthetic tasks of notebook 06.
 */
export * from "./kernel";
export * from "./regression";
export * from "./bmatrix";
export * from "./descent";
export * from "./landscape";
export * from "./experiments";
export * from "./figures";
export * from "./classifier";
export * from "./tasks";
export * from "./fit";
export * from "./convergence";
export * from "./wqstudy";
export * from "./stationary";
