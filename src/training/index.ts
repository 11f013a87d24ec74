/** Training the full model: AdamW, the schedule, the multi-core evaluator, curves and the cache. */
export * from "./adamw";
export * from "./evaluator";
export * from "./train";
export * from "./curves";
export * from "./cache";
export * from "./study";
