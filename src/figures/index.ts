/** Figure builders: each returns a plain Plotly figure for `show`. */
export * from "./style";
export * from "./markov";
export * from "./landscape";
export * from "./fig1";
export * from "./training";
export * from "./attention";
export * from "./escape";
