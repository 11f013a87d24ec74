/** Flows: ODE integrators with distinct stopping outcomes, and parallel batches of any registered field. */
export { dopri5, rk4, gradientDescent, checkAdaptiveOptions } from "./ode";
export type { Field, Outcome, FlowResult, StopRules, AdaptiveOptions } from "./ode";
export { makeField, registerField } from "./fields";
export type { FieldSpec } from "./fields";
export { integrateBatch, OUTCOMES } from "./batch";
export { integrateMany, closePool } from "./parallel";
export type { ManyResult, ManyOptions } from "./parallel";
