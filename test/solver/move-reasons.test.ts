/**
 * Why each account moved: every reason on a plan built by hand, judged on today's alignment.
 */
import { describe, expect, it } from 'vitest';
import { compileProblem, type ProblemInput } from '../../solver/index.ts';
import { explainMoves } from '../../solver/move-reasons.ts';
import { makeProblem } from './support/fixtures.ts';

/** Reps on a line of longitude 10; accounts with a fixed 20 h workload each. */
function input(today: string[], options: { tolerance: number; lats?: number[]; valueTolerance?: number; values?: number[] }): ProblemInput {
  return {
    accounts: today.map((rep, i) => ({
      id: `a${i + 1}`,
      value: options.values?.[i] ?? 100,
      segment: 'A',
      workload: 20,
      currentRepId: rep,
      lat: options.lats?.[i] ?? 50,
      lon: 10,
    })),
    reps: [
      { id: 'R1', role: 'field', capacity: 100, lat: 48, lon: 10 },
      { id: 'R2', role: 'field', capacity: 100, lat: 50, lon: 10 },
      { id: 'R3', role: 'field', capacity: 100, lat: 52, lon: 10 },
    ],
    callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }],
    balance: { workloadTolerance: options.tolerance, valueTolerance: options.valueTolerance ?? null },
  };
}

function reasons(doc: ProblemInput, plan: string[]) {
  const compiled = compileProblem(makeProblem(doc));
  const repIndex = new Map(compiled.problem.reps.map((r, j) => [r.id, j]));
  return explainMoves(compiled, Int32Array.from(plan, (id) => repIndex.get(id)!));
}

describe('explainMoves', () => {
  it('names the over-capacity rep, then the rep below its workload band', () => {
    // Today: R1 120 h (above its 100 h), R2 80 h, R3 20 h; shares 73.3 h each, band ±20%.
    const today = ['R1', 'R1', 'R1', 'R1', 'R1', 'R1', 'R2', 'R2', 'R2', 'R2', 'R3'];
    const plan = ['R3', 'R1', 'R1', 'R1', 'R1', 'R1', 'R3', 'R2', 'R2', 'R2', 'R3'];
    const moves = reasons(input(today, { tolerance: 0.2 }), plan);
    expect(moves.map((m) => [m.accountId, m.fromRepId, m.toRepId, m.reason])).toEqual([
      ['a1', 'R1', 'R3', 'capacity'],
      ['a7', 'R2', 'R3', 'workload-band'],
    ]);
    expect(moves[0]!.explanation).toBe('R1 carries 120 h/year today, above its capacity of 100 h');
    expect(moves[1]!.explanation).toBe("R3 is at 27% of its workload share today, below the band's 80%");
  });

  it('names the value band when workload is balanced but value is not', () => {
    // R1 holds 900 + 100 of 1400 in value: 1000 / (1400 / 3) = 214% of its share.
    const today = ['R1', 'R1', 'R2', 'R2', 'R3', 'R3'];
    const plan = ['R3', 'R1', 'R2', 'R2', 'R3', 'R3'];
    const moves = reasons(input(today, { tolerance: 0.5, valueTolerance: 0.2, values: [900, 100, 100, 100, 100, 100] }), plan);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.reason).toBe('value-band');
    expect(moves[0]!.explanation).toMatch(/^R1 holds 214% of its value share today, above the band's 120%$/);
  });

  it('names travel when every band holds, and rebalance for a move that is not nearer', () => {
    // Balanced today; a1 sits at R3's home, a2 at R1's.
    const today = ['R1', 'R1', 'R2', 'R2', 'R3', 'R3'];
    const plan = ['R3', 'R3', 'R2', 'R2', 'R1', 'R1'];
    const lats = [52, 48, 50, 50, 52, 52];
    const moves = reasons(input(today, { tolerance: 0.5, lats }), plan);
    expect(moves.map((m) => [m.accountId, m.reason])).toEqual([
      ['a1', 'travel'],
      ['a2', 'rebalance'],
      ['a5', 'rebalance'],
      ['a6', 'rebalance'],
    ]);
    expect(moves[0]!.explanation).toMatch(/^R3 is 0 km away, R1 \d+ km$/);
  });

  it('accounts without a current rep, and unmoved ones, are not moves', () => {
    const doc = input(['R1', 'R2', 'R3'], { tolerance: 1 });
    const { currentRepId: _, ...first } = doc.accounts[0]!;
    const moves = reasons({ ...doc, accounts: [first, ...doc.accounts.slice(1)] }, ['R2', 'R2', 'R3']);
    expect(moves).toEqual([]);
  });
});
