/**
 * A start plan (SolveOptions.startPlan): a valid one is the engine's first incumbent, so the answer
 * is never worse than it however little time the solve has, on the exact path and on the large-model
 * path; one that is not valid for the problem is ignored.
 */
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { parseProblem, solve, verify, type Problem } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';

function problemOf(accounts: number, reps: number, seed: number): Problem {
  const parsed = parseProblem(generateProblem({ accounts, reps, seed }));
  if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
  return parsed.problem;
}

describe('solve with a start plan', () => {
  for (const [what, accounts, reps] of [['exact path', 80, 5], ['large-model path', 700, 40]] as const) {
    it(`${what}: the answer is never worse than a valid start, even with almost no time`, async () => {
      const problem = problemOf(accounts, reps, 7);
      const first = await solve(problem, { highs: highsFactory, timeLimitSeconds: 30 });
      expect(first.objective).not.toBeNull();
      const again = await solve(problem, { highs: highsFactory, timeLimitSeconds: 0.1, startPlan: first.assignments });
      expect(again.objective).not.toBeNull();
      expect(again.objective!.total).toBeLessThanOrEqual(first.objective!.total * (1 + 1e-9));
      expect(verify(problem, again.assignments).ok).toBe(true);
    });
  }

  it('ignores a start plan that names no rep for some account, or breaks the rules', async () => {
    const problem = problemOf(80, 5, 7);
    const unknown = problem.accounts.map((a) => ({ accountId: a.id, repId: 'nobody' }));
    const result = await solve(problem, { highs: highsFactory, timeLimitSeconds: 30, startPlan: unknown });
    expect(verify(problem, result.assignments).ok).toBe(true);
    // Everyone with the first rep: over capacity, so not a valid start; the answer is still valid.
    const crowded = problem.accounts.map((a) => ({ accountId: a.id, repId: problem.reps[0]!.id }));
    const other = await solve(problem, { highs: highsFactory, timeLimitSeconds: 30, startPlan: crowded });
    expect(verify(problem, other.assignments).ok).toBe(true);
  });
});
