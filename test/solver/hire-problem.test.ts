/**
 * `hire` and `retire` in the problem format, through solve(): on tiny hand-made problems every team
 * the question allows (k of the sites hired, r of the role's reps let go) is solved by enumeration
 * (support/brute-force.ts), and the engine's team is one of the cheapest, at the location choice's
 * proven cost; its plan verifies against the team of the result's hiring section. Bands are soft at
 * no penalty and the objective is travel only, so that a team's cost is the same in the location
 * model and in the territory model (the location choice leaves bands out).
 */
import { describe, expect, it } from 'vitest';
import { hiresNeeded } from '../../solver/hiring.ts';
import { solve, solvedProblem, verify, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, PLACES } from './support/fixtures.ts';

const towns = ['wurzburg', 'bamberg', 'ulm', 'kempten', 'passau', 'landshut'] as const;

/** Six accounts, in-person calls, travel only, soft bands at no cost. */
function tiny(extra: Partial<ProblemInput>): ProblemInput {
  return {
    accounts: towns.map((town, i) => ({ id: town, ...PLACES[town], value: 100 + 10 * i, segment: 'A', ...(extra.reps ? { currentRepId: extra.reps[i % extra.reps.length]!.id } : {}) })),
    reps: [{ id: 'munich', ...PLACES.munich, role: 'field', capacity: 60 }],
    callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' }],
    balance: { mode: 'soft', softPenalty: 0, valueTolerance: null },
    objective: { mode: 'weighted' },
    options: { mipGap: 0, timeLimitSeconds: 30 },
    ...extra,
  };
}

const sites = [
  { id: 'wue', name: 'Würzburg', ...PLACES.wurzburg },
  { id: 'ulm', name: 'Ulm', ...PLACES.ulm },
  { id: 'passau', name: 'Passau', ...PLACES.passau },
  { id: 'kempten', name: 'Kempten', ...PLACES.kempten },
];

interface Team {
  readonly sites: string[];
  readonly retired: string[];
  /** The team's optimum by enumeration plus its sites' costs; null when it has no plan. */
  readonly cost: number | null;
}

const subsets = <T,>(list: readonly T[], k: number): T[][] => (k === 0 ? [[]] : list.flatMap((x, at) => subsets(list.slice(at + 1), k - 1).map((rest) => [x, ...rest])));

/** Every team of the problem's question, each solved by enumeration; written from the format, not from the engine. */
function everyTeam(problem: Problem, hired: number): Team[] {
  const role = problem.hire?.role ?? problem.retire?.role ?? problem.reps[0]!.role;
  const mine = problem.reps.filter((r) => r.role === role).map((r) => r.id);
  const teams: Team[] = [];
  for (const chosen of subsets(problem.candidateSites ?? [], hired)) {
    for (const retired of subsets(mine, problem.retire?.count ?? 0)) {
      const hires = chosen.map((s) => ({ id: `hire-${s.id}`, lat: s.lat, lon: s.lon, role, capacity: problem.hire!.capacity }));
      const { hire: _h, retire: _r, candidateSites: _c, ...rest } = problem;
      const keep = problem.reps.map((r) => !retired.includes(r.id));
      const matrix = problem.travel.distanceKm?.filter((_, j) => keep[j]);
      const team: Problem = { ...rest, reps: [...problem.reps.filter((_, j) => keep[j]), ...hires], travel: { ...problem.travel, ...(matrix ? { distanceKm: matrix } : {}) } };
      const best = bruteForce(team);
      teams.push({ sites: chosen.map((s) => s.id), retired, cost: best === null ? null : best.objective + chosen.reduce((s, x) => s + (x.cost ?? 0), 0) });
    }
  }
  return teams;
}

async function solveHiring(input: ProblemInput): Promise<{ problem: Problem; result: TerritoryResult; teams: Team[] }> {
  const problem = makeProblem(input);
  const result = await solve(problem, { highs: highsFactory });
  expect(result.hiring).toBeDefined();
  const teams = everyTeam(problem, result.hiring!.hired);
  return { problem, result, teams };
}

/** The engine's team is a cheapest one, at the proven location cost, and its plan verifies and is optimal for that team. */
function expectCheapest({ problem, result, teams }: { problem: Problem; result: TerritoryResult; teams: Team[] }): Team {
  const feasible = teams.filter((t) => t.cost !== null);
  expect(feasible.length).toBeGreaterThan(0);
  const least = Math.min(...feasible.map((t) => t.cost!));
  const hiring = result.hiring!;
  const mine = teams.find((t) => t.sites.join() === hiring.sites.map((s) => s.id).join() && t.retired.join() === hiring.retired.map((r) => r.repId).join())!;
  expect(mine, JSON.stringify(hiring)).toBeDefined();
  expect(closeTo(mine.cost!, least), `team ${JSON.stringify(mine)} vs least ${least}`).toBe(true);
  expect(hiring.location!.status).toBe('optimal');
  expect(closeTo(hiring.location!.objective!, least)).toBe(true);
  const team = solvedProblem(problem, hiring);
  const check = verify(team, result.assignments);
  expect(check.violations).toEqual([]);
  expect(result.solver.status).toBe('optimal');
  const siteCost = hiring.sites.reduce((s, x) => s + x.cost, 0);
  expect(closeTo(result.objective!.total + siteCost, least)).toBe(true);
  for (const site of hiring.sites) expect(team.reps.some((r) => r.id === site.repId)).toBe(true);
  return mine;
}

describe('hire and retire in the problem', () => {
  it('hires one rep at the site enumeration finds best', async () => {
    const run = await solveHiring(tiny({ candidateSites: sites.slice(0, 3), hire: { role: 'field', count: 1, capacity: 50 } }));
    expectCheapest(run);
    const { hiring } = run.result;
    expect(hiring!.sites).toHaveLength(1);
    expect(hiring!.sites[0]!.repId).toBe(`hire-${hiring!.sites[0]!.id}`);
    expect(hiring!.sites[0]!.accounts).toBeGreaterThan(0);
    expect(hiring!.change.roles.find((r) => r.role === 'field')).toMatchObject({ today: { reps: 1 }, plan: { reps: 2 } });
  }, 60_000);

  it('hires two, and a site\'s cost moves the choice', async () => {
    const free = await solveHiring(tiny({ candidateSites: sites, hire: { role: 'field', count: 2, capacity: 50 } }));
    const chosen = expectCheapest(free).sites;
    // Price the first chosen site out: the choice goes elsewhere, still the cheapest by enumeration.
    const priced = sites.map((s) => (s.id === chosen[0] ? { ...s, cost: 1e6 } : s));
    const dear = await solveHiring(tiny({ candidateSites: priced, hire: { role: 'field', count: 2, capacity: 50 } }));
    expect(expectCheapest(dear).sites).not.toContain(chosen[0]);
  }, 90_000);

  it('lets go of the rep enumeration finds cheapest to lose', async () => {
    const reps = [
      { id: 'munich', ...PLACES.munich, role: 'field', capacity: 50 },
      { id: 'nuremberg', ...PLACES.nuremberg, role: 'field', capacity: 50 },
      { id: 'augsburg', ...PLACES.augsburg, role: 'field', capacity: 50 },
    ];
    const run = await solveHiring(tiny({ reps, retire: { count: 1 } }));
    const team = expectCheapest(run);
    expect(team.retired).toHaveLength(1);
    const gone = run.result.hiring!.retired[0]!;
    expect(gone.accountsToday).toBe(2);
    expect(run.result.assignments.some((a) => a.repId === gone.repId)).toBe(false);
    // Its accounts move from it, and their explanations say why.
    const leaving = run.result.moves.filter((m) => m.fromRepId === gone.repId);
    expect(leaving).toHaveLength(2);
    for (const m of leaving) expect(m.explanation).toContain(`its current rep ${gone.repId} is let go`);
    expect(run.result.hiring!.location).not.toBeNull();
  }, 60_000);

  it('lets go with a distance matrix: the rows of the rep let go leave with it', async () => {
    const reps = [
      { id: 'near', role: 'field', capacity: 100 },
      { id: 'far', role: 'field', capacity: 100 },
      { id: 'mid', role: 'field', capacity: 100 },
    ];
    const accounts = ['a', 'b', 'c', 'd'].map((id) => ({ id, value: 10, segment: 'A' }));
    const distanceKm = [[10, 12, 8, 11], [90, 95, 99, 80], [30, 40, 35, 20]];
    const run = await solveHiring({ ...tiny({ reps }), accounts, travel: { distanceKm }, retire: { count: 1 } });
    expect(expectCheapest(run).retired).toEqual(['far']);
    expect(solvedProblem(run.problem, run.result.hiring).travel.distanceKm).toEqual([distanceKm[0], distanceKm[2]]);
  }, 60_000);

  it('moves a rep: one let go and one hired, chosen together', async () => {
    const reps = [
      { id: 'munich', ...PLACES.munich, role: 'field', capacity: 80 },
      { id: 'regensburg', ...PLACES.regensburg, role: 'field', capacity: 80 },
    ];
    const run = await solveHiring(tiny({ reps, candidateSites: sites, hire: { role: 'field', count: 1, capacity: 80 }, retire: { count: 1, role: 'field' } }));
    const team = expectCheapest(run);
    expect(team.sites).toHaveLength(1);
    expect(team.retired).toHaveLength(1);
  }, 90_000);

  it('count auto hires what the capacity report says, and none when the role has room', async () => {
    const input = tiny({ candidateSites: sites.slice(0, 3), hire: { role: 'field', count: 'auto', capacity: 50 } });
    const need = hiresNeeded(makeProblem(input), 'field');
    expect(need).toBeGreaterThan(0);
    const run = await solveHiring(input);
    expect(run.result.hiring!.hired).toBe(need);
    expect(run.result.hiring!.requested).toBe('auto');
    expectCheapest(run);
    const roomy = await solve(makeProblem({ ...input, reps: [{ id: 'munich', ...PLACES.munich, role: 'field', capacity: 2000 }] }), { highs: highsFactory });
    expect(roomy.hiring).toMatchObject({ hired: 0, sites: [], location: null });
    expect(roomy.hiring!.message).toContain('no hire needed');
    expect(roomy.assignments).toHaveLength(towns.length);
  }, 90_000);

  it('says no plan exists when no choice of sites lets the accounts fit', async () => {
    const input = tiny({ candidateSites: sites.slice(0, 2), hire: { role: 'field', count: 1, capacity: 5 } });
    const run = await solveHiring(input);
    expect(run.teams.every((t) => t.cost === null)).toBe(true);
    expect(run.result.solver.status).toBe('infeasible');
    expect(run.result.hiring!.location!.status).toBe('infeasible');
    expect(run.result.diagnosis?.[0]).toMatchObject({ family: 'capacity', ids: ['field'] });
    expect(run.result.diagnosis![0]!.message).toContain('no choice of 1 of the 2 candidate sites');
    expect(run.result.assignments).toEqual([]);
  }, 60_000);
});
