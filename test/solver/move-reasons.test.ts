/**
 * Why each account moved: every reason on a plan built by hand, judged on today's alignment.
 */
import { describe, expect, it } from 'vitest';
import { compileProblem, type ProblemInput } from '../../solver/index.ts';
import { explainMoves } from '../../solver/move-reasons.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';
import { overCapacity, overCapacityExplanation } from './support/over-capacity.ts';

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

describe('explainMoves: where the account goes, and why there', () => {
  it('names the over-capacity rep and the nearest rep with the skill and room, with names and km', async () => {
    const result = await solveChecked(makeProblem(overCapacity));
    expect(result.solver.status).toBe('optimal');
    expect(result.moves).toEqual([
      { accountId: 'acc-1', fromRepId: 'stg', toRepId: 'muc', reason: 'capacity', explanation: overCapacityExplanation },
    ]);
  });

  it('falls back to ids when the problem gives no names', async () => {
    const doc = structuredClone(overCapacity);
    for (const a of doc.accounts) delete a.name;
    for (const r of doc.reps) delete r.name;
    const result = await solveChecked(makeProblem(doc));
    expect(result.moves.map((m) => m.explanation)).toEqual([
      'acc-1: stg is over capacity today (120 h of 100 h); goes to muc, 277 km away, the nearest other rep with the '
      + 'key-account skill and room (nearer: ulm, 180 km, lacks the key-account skill; aug, 250 km, has 5 h of 100 h left and needs 30 h)',
    ]);
  });
});

describe('explainMoves: the destination on a plan built by hand', () => {
  // R1 (field, 30 h) owns a1, a2 (locked to it), a3 and a4 (locked to R3): 50 h today, over capacity.
  // A is called on by field reps only; B by field reps in person or inside reps by video.
  const doc: ProblemInput = {
    accounts: [
      { id: 'a1', value: 100, segment: 'A', workload: 20, currentRepId: 'R1' },
      { id: 'a2', value: 100, segment: 'A', workload: 20, currentRepId: 'R1', lockedRepId: 'R1' },
      { id: 'a3', value: 100, segment: 'B', workload: 10, currentRepId: 'R1' },
      { id: 'a4', value: 100, segment: 'A', workload: 5, currentRepId: 'R1', lockedRepId: 'R3' },
    ],
    reps: [
      { id: 'R1', role: 'field', capacity: 30 },
      { id: 'R2', role: 'inside', capacity: 5 },
      { id: 'R3', role: 'field', capacity: 100 },
      { id: 'R4', role: 'inside', capacity: 100 },
    ],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'inside', callsPerYear: 12, minutesPerCall: 36, channel: 'video' },
    ],
    travel: { distanceKm: [[278, 0, 100, 50], [56, 10, 30, 60], [167, 10, 40, 70], [300, 10, 200, 80]] },
    balance: { workloadTolerance: 1, valueTolerance: null },
  };
  const moves = () => reasons(doc, ['R3', 'R1', 'R4', 'R3']);

  it('names the role that made the new rep eligible when a nearer rep of another role may not call', () => {
    // R2 (56 km) is an inside rep, and inside reps do not call on A: "field" says it, R2 is not listed.
    expect(moves()[0]!.explanation).toBe('a1: R1 is over capacity today (50 h of 30 h); goes to R3, 167 km away, the nearest field rep');
  });

  it('names a nearer rep with room and the travel it would cost: 12 visits x 2 x 40 km x 1.3 x 0.5 = 624 km a year', () => {
    // R2 (30 km) has 5 h and a3 needs 10 h; R3 (40 km) has room but visits in person, R4 calls by video.
    expect(moves()[1]!.explanation).toBe('a3: R1 is over capacity today (50 h of 30 h); goes to R4, 200 km away; '
      + 'nearer R3, 40 km, has room, but would cost more travel (624 km vs 0 km a year)');
  });

  it('says when being nearer saves nothing: video calls drive no km', () => {
    const roomy = { ...doc, reps: doc.reps.map((r) => (r.id === 'R2' ? { ...r, capacity: 100 } : r)) };
    expect(reasons(roomy, ['R3', 'R1', 'R4', 'R3'])[1]!.explanation).toBe('a3: R1 is over capacity today (50 h of 30 h); goes to R4, 200 km away; '
      + 'nearer R2, 30 km, has room, but video calls drive no km: the plan as a whole puts it with R4');
  });

  it('names the lock, and then only where the account goes', () => {
    expect(moves()[2]).toEqual({ accountId: 'a4', fromRepId: 'R1', toRepId: 'R3', reason: 'current-rep-ineligible', explanation: 'a4: it is locked to R3; goes to R3, 70 km away' });
  });
});

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
    // Plan: R1 100 h, R2 60 h, R3 60 h; share 73.3 h, band 58.7-88 h. R2 (0 km from a1) could take
    // a1 (80 h), but R3 would keep 40 h: 55% of its share.
    expect(moves[0]!.explanation).toBe('a1: R1 is over capacity today (120 h of 100 h); goes to R3, 222 km away; '
      + 'nearer R2, 0 km, has room, but without it R3 would fall below its workload band (55% of its share, band 80-120%)');
    // R1 is as far from a7 as R3 (222 km), so no rep is nearer than R3 but R2, the current rep.
    expect(moves[1]!.explanation).toBe('a7: leaves R2 for R3, which is below its workload band today (27% of its share, band 80-120%); '
      + 'goes to R3, 222 km away, the nearest other rep');
  });

  it('names the value band when workload is balanced but value is not', () => {
    // R1 holds 900 + 100 of 1400 in value: 1000 / (1400 / 3) = 214% of its share.
    const today = ['R1', 'R1', 'R2', 'R2', 'R3', 'R3'];
    const plan = ['R3', 'R1', 'R2', 'R2', 'R3', 'R3'];
    const moves = reasons(input(today, { tolerance: 0.5, valueTolerance: 0.2, values: [900, 100, 100, 100, 100, 100] }), plan);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.reason).toBe('value-band');
    // In the plan R2 holds 200 of 1400: taking a1 (900) would put it at 1100 / 466.7 = 236%.
    expect(moves[0]!.explanation).toBe('a1: R1 is above its value band today (214% of its value share, band 80-120%); '
      + "goes to R3, 222 km away, the nearest other rep with room (nearer: R2, 0 km, would go to 236% of its value share, above the band's 120%)");
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
    expect(moves[0]!.explanation).toBe('a1: R1 is 445 km away; goes to R3, 0 km away, the nearest rep');
    // R2 (222 km from a2) has room for it (60 h is its band's top), and R3 keeps 20 h, its band's bottom.
    expect(moves[1]!.explanation).toBe('a2: leaves R1 to make room for other moves (no reason of its own); goes to R3, 445 km away; '
      + 'nearer R2, 222 km, has room, but the plan as a whole, not this account alone, puts it with R3');
  });

  it('accounts without a current rep, and unmoved ones, are not moves', () => {
    const doc = input(['R1', 'R2', 'R3'], { tolerance: 1 });
    const { currentRepId: _, ...first } = doc.accounts[0]!;
    const moves = reasons({ ...doc, accounts: [first, ...doc.accounts.slice(1)] }, ['R2', 'R2', 'R3']);
    expect(moves).toEqual([]);
  });
});
