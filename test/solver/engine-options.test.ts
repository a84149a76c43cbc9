/**
 * defaultEngineOptions is the one place the engine's gap targets and the large-model threshold live:
 * solve() reports the gap it ran with, so a problem without `mipGap` shows which default it got.
 */
import { describe, expect, it } from 'vitest';
import { compileProblem, defaultEngineOptions, defaultMipGap, parseProblem, solve } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { generateProblem } from '../../benchmarks/generate-problem.ts';

function generated(accounts: number, reps: number, seed: number) {
  const parsed = parseProblem(generateProblem({ accounts, reps, seed }));
  if (!parsed.ok) throw new Error('generated problem is invalid');
  return parsed.problem;
}

describe('defaultEngineOptions', () => {
  it('is fully filled and frozen', () => {
    expect(defaultEngineOptions).toEqual({ mipGapSmall: 1e-4, mipGapLarge: 0.005, largeModelPairs: 20_000, modelPairBudget: 10_000_000 });
    expect(Object.isFrozen(defaultEngineOptions)).toBe(true);
  });

  it('picks the gap by model size, the threshold itself still small', () => {
    expect(defaultMipGap(defaultEngineOptions.largeModelPairs)).toBe(defaultEngineOptions.mipGapSmall);
    expect(defaultMipGap(defaultEngineOptions.largeModelPairs + 1)).toBe(defaultEngineOptions.mipGapLarge);
  });

  it('is what solve() runs with when the problem sets no mipGap: small and large models', async () => {
    const small = generated(40, 4, 1);
    expect(small.options.mipGap).toBeUndefined();
    expect(compileProblem(small).model.pairAgent.length).toBeLessThanOrEqual(defaultEngineOptions.largeModelPairs);
    const smallResult = await solve(small, { highs: highsFactory, timeLimitSeconds: 10 });
    expect(smallResult.solver.mipGap).toBe(defaultEngineOptions.mipGapSmall);

    // Stopped at once: the large strategy still reports the gap it was given.
    const large = generated(1500, 30, 8);
    expect(compileProblem(large).model.pairAgent.length).toBeGreaterThan(defaultEngineOptions.largeModelPairs);
    const largeResult = await solve(large, { highs: highsFactory, timeLimitSeconds: 10, shouldStop: () => true });
    expect(largeResult.solver.mipGap).toBe(defaultEngineOptions.mipGapLarge);
    expect(largeResult.solver.strategy).toMatch(/^candidates/);
  });

  it('gives way to the problem\'s own mipGap', async () => {
    const problem = generated(40, 4, 1);
    const result = await solve({ ...problem, options: { ...problem.options, mipGap: 0.02 } }, { highs: highsFactory, timeLimitSeconds: 10 });
    expect(result.solver.mipGap).toBe(0.02);
  });
});
