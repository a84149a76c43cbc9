/**
 * Helpers for the diagnosis tests: small problems with every account and rep at one place (so
 * workloads are the fixed ones, or call hours only), and the one diagnosis of a family.
 */
import { expect } from 'vitest';
import type { ProblemInput } from '../../../solver/problem.ts';
import type { Diagnosis, TerritoryResult } from '../../../solver/result.ts';

const HERE = { lat: 48.1, lon: 11.6 };
export const fieldA = { segment: 'A', role: 'field', callsPerYear: 6, minutesPerCall: 60, channel: 'in_person' as const };
export const insideC = { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 15, channel: 'phone' as const };

/** Accounts a1, a2, ... of value 10 and reps, all at one place. */
export function problemAt(input: Omit<ProblemInput, 'accounts' | 'reps'> & { accounts: Array<Record<string, unknown>>; reps: Array<Record<string, unknown>> }): ProblemInput {
  return {
    ...input,
    accounts: input.accounts.map((a, i) => ({ id: `a${i + 1}`, value: 10, ...HERE, ...a })),
    reps: input.reps.map((r) => ({ ...HERE, ...r })),
  } as ProblemInput;
}

/** The result is infeasible, without a plan, and has a diagnosis of `family`: that one. */
export function diagnosisOf(result: TerritoryResult, family: Diagnosis['family']): Diagnosis {
  expect(result.solver.status).toBe('infeasible');
  expect(result.assignments).toEqual([]);
  expect(result.objective).toBeNull();
  const found = result.diagnosis?.find((d) => d.family === family);
  expect(found, `diagnosis ${JSON.stringify(result.diagnosis)} names ${family}`).toBeDefined();
  return found!;
}
