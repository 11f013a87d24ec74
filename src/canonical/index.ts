/** The canonical (e, w) and (e, w, b) landscape of Local-to-Global §3–§6. */
export * from "./numerics";
export * from "./cstar";
export * from "./logits";
export * from "./bias";
export * from "./loss";
export * from "./reduced";
export * from "./gradient";
export * from "./hessian";
export * from "./energy";
export * from "./critical";
export * from "./basins";
export * from "./limit";
export * from "./field";
export * from "./gradient-flow";
export * from "./sweep";
