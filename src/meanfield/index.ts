/**
 * The mean-field limit of Gao et al., "Global Convergence in Training Large-Scale Transformers"
 * (NeurIPS 2024): in-context regression prompts, the discrete M-head × L-layer transformer with its
 * hand-written backward pass, initial laws, the ML-rescaled gradient flow with weight decay, the
 * depth ODE at a fixed law, particle statistics, and sweeps over worker threads.
 */
export * from "./shape";
export * from "./data";
export * from "./encoders";
export * from "./model";
export * from "./laws";
export * from "./flow";
export * from "./depth-ode";
export * from "./particles";
export * from "./fit";
export * from "./bootstrap";
export * from "./experiments";
export * from "./run";
export * from "./sweep";
export * from "./team";
