/** The notebook runtime: figures, claim checks, run parameters and progress. */
export { runParams, byProfile, DEFAULT_SEED } from "./params";
export type { Profile, RunParams } from "./params";
export { displayBundle, hasRichDisplay } from "./display";
export type { MimeBundle } from "./display";
export { validateFigure, figureBundle, figureHash, PLOTLY_MIME } from "./figure";
export type { Figure, Trace } from "./figure";
export { show, PLOTLY_LOADER_METADATA } from "./show";
export { check, guard, claims, evaluate, describe, formatNumber, verdictOf, CheckFailed, CHECK_MIME, CLAIM_KINDS, VERDICT_KINDS, VERDICTS } from "./check";
export type { ClaimSpec, ClaimRecord, ClaimKind, Relation, Verdict, Perturbation } from "./check";
export { progress, progressLine, PROGRESS_METADATA } from "./progress";
export type { Progress } from "./progress";
export { session } from "./session";
export type { Session } from "./session";
export { showTable, tableText } from "./table";
export type { Table, Cell } from "./table";
export { cached, cacheKey, cacheDir, stableJson } from "./cache";
export type { CacheOptions } from "./cache";
