/** Training the full model: AdamW, the schedule, the multi-core evaluator and curves. */
export * from "./adamw";
export * from "./evaluator";
export * from "./train";
export * from "./curves";
export * from "./study";
export * from "./canonical-train";
export * from "./projection-study";
