/** Flows: ODE integrators with distinct stopping outcomes, the canonical field, parallel batches. */
export { dopri5, rk4, gradientDescent } from "./ode";
export type { Field, Outcome, FlowResult, StopRules, AdaptiveOptions } from "./ode";
export { canonicalFlowField } from "./canonical-field";
export { gradientFlow } from "./gradient-flow";
export { makeField } from "./fields";
export type { FieldSpec } from "./fields";
export { integrateBatch, OUTCOMES } from "./batch";
export { integrateMany, closePool } from "./parallel";
export type { ManyResult, ManyOptions } from "./parallel";
