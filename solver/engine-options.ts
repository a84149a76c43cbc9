/**
 * The engine's defaults, in one place: the gap targets and the size above which a model goes to the
 * large-model strategy. `solve()` uses them when the problem sets no `mipGap`; the benchmarks import
 * them so a peer runs with the same gap.
 */
export interface EngineDefaults {
  /** Relative gap target of the exact path (models up to `largeModelPairs` eligible pairs). */
  readonly mipGapSmall: number;
  /** Relative gap target of the large-model strategy. */
  readonly mipGapLarge: number;
  /**
   * Above this many pairs the exact path (HiGHS on the whole MIP) rarely proves anything in typical
   * time limits, and its bound lags far behind the LP's: such models go to the large-model strategy
   * (candidate pairs, priced LP bound, rounding and local search).
   */
  readonly largeModelPairs: number;
  /**
   * The most pairs a model is built with in memory (about 200 bytes each while a large model is
   * solved): above, the large-model strategy reads the model row by row and keeps its candidates
   * within this many. `solve()`'s `modelPairBudget` overrides it (the service: MAX_MODEL_PAIRS).
   */
  readonly modelPairBudget: number;
}

export const defaultEngineOptions: EngineDefaults = Object.freeze({
  mipGapSmall: 1e-4,
  mipGapLarge: 0.005,
  largeModelPairs: 20_000,
  modelPairBudget: 10_000_000,
});

/** Whether a model of this many pairs goes to the large-model strategy. */
export function isLargeModel(pairs: number, defaults: EngineDefaults = defaultEngineOptions): boolean {
  return pairs > defaults.largeModelPairs;
}

/** The gap target for a model of this many pairs when the problem sets none. */
export function defaultMipGap(pairs: number, defaults: EngineDefaults = defaultEngineOptions): number {
  return isLargeModel(pairs, defaults) ? defaults.mipGapLarge : defaults.mipGapSmall;
}
