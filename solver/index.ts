/** The public API of the territory engine. */
export type { HighsFactory } from './backends/highs.ts';
export { solveWithHighs } from './backends/highs.ts';
export * from './assignment.ts';
export * from './check-assignment.ts';
export { solveAssignment, type EngineOptions, type EngineSolution } from './solve-assignment.ts';
export * from './problem.ts';
export { parseProblem, formatPath, fromZodIssue, type InputIssue, type ParseResult, type ZodIssueLike } from './parse.ts';
export { validateProblem } from './validate.ts';
export { matchRepsByName } from './owners.ts';
export { compileProblem, type CompiledProblem } from './compile.ts';
export { estimateModelPairs } from './model-size.ts';
export { solve, type SolveOptions } from './solve.ts';
export { verify, type Verification } from './verify.ts';
export { paretoSegments, segmentAccounts } from './segments.ts';
export { haversineKm } from './travel.ts';
export * from './result.ts';
export { applyVariant, comparisonRow, comparisonRowWithoutPlan, variantSchema, type ComparisonRow, type Variant, type VariantIssue } from './scenario.ts';
export { currentAlignment, evaluateAlignment, type AccountFacts, type AlignmentEvaluation, type Ownership } from './evaluate-alignment.ts';
