/**
 * The terminal summary of a national-size plan (100 reps, 2,000 accounts) fits a 120-column
 * terminal: calls per week is a column of the territory table, long lists are capped.
 *
 * The plan is the generator's planted one (feasible by construction, re-checked by verify()) run
 * through the real report code, so the layout under test does not depend on how far a solve gets
 * within a time limit on this machine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateProblemWithStats } from '../../benchmarks/generate-problem.ts';
import { compileProblem, parseProblem, verify, type TerritoryResult } from '../../solver/index.ts';
import { compactness } from '../../solver/compactness.ts';
import { balance, capacityReport, moves, quotas, territories } from '../../solver/report.ts';
import { formatSummary } from '../../src/cli/summary.ts';

let result: TerritoryResult;
let summary: string[];

beforeAll(() => {
  const generated = generateProblemWithStats({ accounts: 2000, reps: 100, seed: 1 });
  const parsed = parseProblem({ ...generated.problem, quotas: { orgTarget: 250_000_000 } });
  if (!parsed.ok) throw new Error('the generated problem must parse');
  const problem = parsed.problem;
  const compiled = compileProblem(problem);
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j]));
  const assignment = Int32Array.from(generated.plan, (id) => repIndex.get(id)!);
  const assignments = problem.accounts.map((a, i) => ({ accountId: a.id, repId: generated.plan[i]!, segment: compiled.segments[i]! }));
  const check = verify(problem, assignments);
  expect(check.violations).toEqual([]);
  const terr = territories(compiled, assignment);
  result = {
    name: problem.name!,
    solver: {
      status: 'timedout', objective: check.objective.total, bound: null, gap: null, seconds: 2, strategy: 'candidates(k=10)+lp-bound+ls',
      boundSource: null, timeLimitSeconds: 2, workLimitSeconds: null, endedBy: 'time', mipGap: 0.005, message: 'time limit reached',
    },
    assignments,
    moves: moves(compiled, assignment),
    territories: terr,
    balance: balance(compiled, terr),
    capacity: capacityReport(compiled, assignment),
    quotas: quotas(compiled, terr)!,
    compactness: compactness(compiled, assignment),
    objective: check.objective,
    warnings: [],
  };
  summary = formatSummary(result).split('\n');
});

describe('formatSummary of a 100-rep plan', () => {
  it('has an Outliers line with the counts, and up to 10 outliers each with its reason', () => {
    const k = result.compactness!;
    const text = summary.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`Outliers: ${k.stretchAbove2.toLocaleString('en-US')} account`);
    expect(text).toMatch(/of accounts at their nearest eligible rep; [\d,]+ of [\d,]+ same-role territory hulls overlap/);
    const listed = summary.filter((line) => line.startsWith('  * ['));
    expect(listed.length).toBe(Math.min(10, k.outliers.length));
    for (const line of listed) expect(line).toMatch(/^ {2}\* \[(capacity|max-accounts|workload-band|value-band|max-moves|objective|search)\] stretch /);
  });

  it('has no line longer than 120 characters', () => {
    const long = summary.filter((line) => line.length > 120);
    expect(long).toEqual([]);
  });

  it('puts calls per week in the territory table, one row per rep, instead of one long line', () => {
    expect(summary.some((line) => line.startsWith('Calls per week'))).toBe(false);
    const header = summary.findIndex((line) => /^rep\s.*\scalls\/wk\b/.test(line));
    expect(header).toBeGreaterThan(0);
    const column = summary[header]!.split(/\s{2,}/).indexOf('calls/wk');
    const rows = summary.slice(header + 2, header + 2 + result.territories.length).map((line) => line.split(/\s{2,}/));
    expect(rows.map((cells) => cells[0])).toEqual(result.territories.map((t) => t.repId));
    const perWeek = result.capacity.reps.map((r) => r.callsPerWeek.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    expect(rows.map((cells) => cells[column])).toEqual(perWeek);
  });

  it('caps the moves with "… and N more", naming the source and destination reps by name', () => {
    expect(result.moves.length).toBeGreaterThan(100);
    const more = summary.filter((line) => /^\s+… and [\d,]+ more/.test(line));
    expect(more).toHaveLength(1);
    const rest = Number(more[0]!.match(/… and ([\d,]+) more/)![1]!.replace(/,/g, ''));
    const listed = summary.filter((line) => line.startsWith('  - [')).length;
    expect(listed).toBe(20);
    expect(listed + rest).toBe(result.moves.length);
    const first = result.moves[0]!;
    const names = new Map(result.territories.map((t) => [t.repId, t.repName!]));
    const text = summary.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(names.get(first.fromRepId!)!);
    expect(text).toContain(`goes to ${names.get(first.toRepId)!}`);
  });

  it('shows prospecting and transition hours only when some rep has them, and the rebalance when it ran', () => {
    // This plan reserves no prospecting hours; its takeovers have introduction calls (on by default).
    const capacityHeader = summary.find((line) => /^role\s+reps\s+demand h/.test(line))!;
    expect(capacityHeader).not.toMatch(/prospecting h/);
    expect(result.capacity.roles.some((r) => r.transitionHours > 0)).toBe(true);
    expect(capacityHeader).toMatch(/transition h/);
    expect(summary.some((line) => line.includes('rebalance:'))).toBe(false);
    const withRepTime = {
      ...result,
      capacity: { ...result.capacity, roles: result.capacity.roles.map((r, k) => ({ ...r, prospectingHours: k === 0 ? 120 : 0, transitionHours: k === 0 ? 7.5 : 0 })) },
      rebalance: { moveCost: 111, moveCostBound: 106, accountsMoved: 31 },
    };
    const lines = formatSummary(withRepTime).split('\n');
    const header = lines.find((line) => /^role\s+reps\s+demand h/.test(line))!;
    expect(header).toMatch(/capacity h\s+prospecting h\s+transition h\s+util/);
    const row = lines[lines.indexOf(header) + 2]!.split(/\s{2,}/);
    expect(row.slice(4, 6)).toEqual(['120', '7.5']);
    const text = lines.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('rebalance: the fewest moves that fix what is broken, weighted by segment (move cost 111.0, no plan below 106.0), then the least travel at that cost');
    expect(lines.filter((line) => line.length > 120)).toEqual([]);
  });
});
