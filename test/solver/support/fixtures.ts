/**
 * Shared helpers and named fixtures for the solver tests: problems are written as plain input
 * documents and go through `parseProblem` (so defaults are filled exactly as for a user), solves use
 * real HiGHS on the process's precompiled module, and every plan is re-checked by `verify()`.
 */
import { expect } from 'vitest';
import { parseProblem } from '../../../solver/parse.ts';
import type { Problem, ProblemInput } from '../../../solver/problem.ts';
import type { TerritoryResult } from '../../../solver/result.ts';
import { solve } from '../../../solver/solve.ts';
import { verify } from '../../../solver/verify.ts';
import { bruteForce, type BruteForceOptimum } from './brute-force.ts';
import { highsFactory } from '../../../src/highs-runtime.ts';

/** A problem document with its defaults filled; fails the test when the document is invalid. */
export function makeProblem(input: ProblemInput): Problem {
  const parsed = parseProblem(input);
  if (!parsed.ok) throw new Error(`fixture is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.problem;
}

/** solve() with real HiGHS; every plan it returns is re-checked by the independent verifier. */
export async function solveChecked(problem: Problem): Promise<TerritoryResult> {
  const result = await solve(problem, { highs: highsFactory, timeLimitSeconds: 20 });
  if (result.assignments.length > 0) {
    const check = verify(problem, result.assignments);
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(result.objective).not.toBeNull();
    expect(check.objective.total).toBeCloseTo(result.objective!.total, 6);
  }
  return result;
}

/** Rep id per account, in the order of the problem's accounts. */
export function repIdsOf(problem: Problem, result: TerritoryResult): string[] {
  const owner = new Map(result.assignments.map((a) => [a.accountId, a.repId]));
  return problem.accounts.map((a) => owner.get(a.id) ?? '(none)');
}

/** |a - b| within `rel` of max(1, |a|, |b|). */
export function closeTo(a: number, b: number, rel = 1e-6): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Independent haversine (earth radius 6371.0088 km), written from docs/architecture.md ("Workload and
 * travel"), for hand checks.
 */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/** A few real places (WGS84 degrees), for distances a reader can check on a map. */
export const PLACES = {
  munich: { lat: 48.1372, lon: 11.5756 },
  nuremberg: { lat: 49.4521, lon: 11.0767 },
  augsburg: { lat: 48.3705, lon: 10.8978 },
  regensburg: { lat: 49.0134, lon: 12.1016 },
  ingolstadt: { lat: 48.7665, lon: 11.4258 },
  wurzburg: { lat: 49.7913, lon: 9.9534 },
  rosenheim: { lat: 47.8571, lon: 12.1181 },
  landshut: { lat: 48.5442, lon: 12.1469 },
  erlangen: { lat: 49.5897, lon: 11.0078 },
  bamberg: { lat: 49.8988, lon: 10.9028 },
  passau: { lat: 48.5665, lon: 13.4312 },
  kempten: { lat: 47.7286, lon: 10.3158 },
  ulm: { lat: 48.4011, lon: 9.9876 },
  fürth: { lat: 49.4771, lon: 10.9887 },
  freising: { lat: 48.4029, lon: 11.7488 },
} as const;

/**
 * The named ~12-account fixture of the metamorphic tests: three field reps (Munich, Nuremberg,
 * Augsburg) and twelve Bavarian accounts, 80/20 segments derived from value, in-person call
 * patterns per segment, workload band ±25% and value band ±40% (hard), proven optimum (mipGap 0).
 */
export function bavariaInput(): ProblemInput {
  const towns = ['regensburg', 'ingolstadt', 'wurzburg', 'rosenheim', 'landshut', 'erlangen', 'bamberg', 'passau', 'kempten', 'ulm', 'fürth', 'freising'] as const;
  const values = [420, 95, 310, 60, 150, 75, 240, 30, 110, 55, 180, 20];
  return {
    name: 'bavaria-12',
    accounts: towns.map((town, i) => ({ id: `acc-${town}`, ...PLACES[town], value: values[i]! })),
    reps: [
      { id: 'rep-munich', role: 'field', capacity: 400, ...PLACES.munich },
      { id: 'rep-nuremberg', role: 'field', capacity: 400, ...PLACES.nuremberg },
      { id: 'rep-augsburg', role: 'field', capacity: 300, ...PLACES.augsburg },
    ],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 6, minutesPerCall: 45, channel: 'in_person' },
      { segment: 'C', role: 'field', callsPerYear: 2, minutesPerCall: 30, channel: 'in_person' },
    ],
    balance: { workloadTolerance: 0.25, valueTolerance: 0.4 },
    options: { mipGap: 0 },
  };
}

/**
 * solve() against enumeration (support/brute-force.ts): infeasible with a diagnosis when no plan
 * exists, else optimal at the enumerated objective. Returns both for the caller's own checks.
 */
export async function solvedAsBruteForce(problem: Problem): Promise<{ result: TerritoryResult; best: BruteForceOptimum | null }> {
  const result = await solveChecked(problem);
  const best = bruteForce(problem);
  if (best === null) {
    expect(result.solver.status).toBe('infeasible');
    expect(result.diagnosis?.length ?? 0).toBeGreaterThan(0);
  } else {
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, best.objective)).toBe(true);
  }
  return { result, best };
}
