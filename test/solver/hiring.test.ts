/**
 * Where to hire (solver/hiring.ts, solver/location/facility.ts): the facility choice is the optimum
 * that enumerating every set of sites and every assignment finds; on a territory problem the chosen
 * hire is where the accounts are, and the problem with it solves to a verified plan in which the
 * hire owns accounts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chooseSites, hireAt, hiresNeeded } from '../../solver/hiring.ts';
import { mulberry32 } from '../../solver/heuristics/prng.ts';
import { ALWAYS_OPEN, facilityCost, solveFacilities, type FacilityInstance } from '../../solver/location/facility.ts';
import { runContext } from '../../solver/run-context.ts';
import { solve, verify } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { makeProblem } from './support/fixtures.ts';

/**
 * A random instance: one or two facilities always open, a group of sites to open some of and, on
 * odd seeds, a group of closable facilities of which all but one stay open; some sites cost.
 */
function randomFacilities(seed: number): FacilityInstance {
  const rng = mulberry32(seed);
  const clients = 5 + (seed % 3);
  const fixed = 1 + (seed % 2);
  const sites = 3 + (seed % 2);
  const closable = seed % 2 === 1 ? 2 : 0;
  const facilities = fixed + sites + closable;
  const pairStart = new Int32Array(clients + 1);
  const facility: number[] = [];
  const cost: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < clients; i++) {
    pairStart[i] = facility.length;
    for (let f = 0; f < facilities; f++) {
      // Some pairs are missing (ineligible), as skills and patterns make them.
      if (rng() < 0.15 && f > 0) continue;
      facility.push(f);
      cost.push(Math.floor(rng() * 50));
      load.push(1 + Math.floor(rng() * 5));
    }
  }
  pairStart[clients] = facility.length;
  const group = Int32Array.from({ length: facilities }, (_, f) => (f < fixed ? ALWAYS_OPEN : f < fixed + sites ? 0 : 1));
  return {
    clients,
    facilities,
    group,
    open: closable > 0 ? [1 + (seed % 3 === 0 ? 1 : 0), closable - 1] : [1 + (seed % 4 === 0 ? 1 : 0)],
    openCost: Float64Array.from(group, (g) => (g === 0 && rng() < 0.5 ? Math.floor(rng() * 30) : 0)),
    capacity: Float64Array.from({ length: facilities }, () => 3 + Math.floor(rng() * 8)),
    pairStart,
    pairFacility: Int32Array.from(facility),
    pairCost: Float64Array.from(cost),
    pairLoad: Float64Array.from(load),
  };
}

/** The optimum by enumeration: every choice of the asked size in every group, every assignment. */
function bruteForce(instance: FacilityInstance): number | null {
  const members = instance.open.map((_, g) => Array.from({ length: instance.facilities }, (_, f) => f).filter((f) => instance.group[f] === g));
  const subsets = (list: number[], k: number): number[][] => (k === 0 ? [[]] : list.flatMap((f, at) => subsets(list.slice(at + 1), k - 1).map((rest) => [f, ...rest])));
  const choices = members.reduce<number[][]>((acc, list, g) => acc.flatMap((chosen) => subsets(list, instance.open[g]!).map((s) => [...chosen, ...s])), [[]]);
  let best: number | null = null;
  for (const chosen of choices) {
    const opened = Int32Array.from(chosen).sort();
    const open = new Set([...Array.from({ length: instance.facilities }, (_, f) => f).filter((f) => instance.group[f] === ALWAYS_OPEN), ...chosen]);
    const assignment = new Int32Array(instance.clients);
    // Only open facilities are tried (the others would fail the check anyway); facilityCost judges the rest.
    const walk = (i: number): void => {
      if (i === instance.clients) {
        const cost = facilityCost(instance, { opened, assignment });
        if (Number.isFinite(cost) && (best === null || cost < best)) best = cost;
        return;
      }
      for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) {
        if (!open.has(instance.pairFacility[p]!)) continue;
        assignment[i] = instance.pairFacility[p]!;
        walk(i + 1);
      }
    };
    walk(0);
  }
  return best;
}

describe('where to hire', () => {
  it('opens (and closes) the facilities enumeration finds best, site costs included, or proves no choice fits', async () => {
    let solved = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const instance = randomFacilities(seed);
      const expected = bruteForce(instance);
      const out = await solveFacilities(instance, runContext({ timeLimitSeconds: 60, seed: 1, highs: highsFactory }), 0);
      if (expected === null) {
        expect(out.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(out.status, `seed ${seed}: ${out.strategy}`).toBe('optimal');
      expect(out.objective, `seed ${seed}`).toBeCloseTo(expected, 9);
      expect(facilityCost(instance, out.plan!)).toBeCloseTo(expected, 9);
      solved++;
    }
    // Both answers occur: plans to prove optimal, and instances no choice fits.
    expect(solved).toBeGreaterThan(10);
    expect(solved).toBeLessThan(25);
  }, 300_000);

  it('hires where the accounts are, and the problem with the hire solves to a verified plan', async () => {
    // Twelve accounts around Würzburg, four around Ulm; the one field rep lives in Munich.
    const near = (lat: number, lon: number, k: number) => ({ lat: lat + 0.02 * (k % 3), lon: lon + 0.02 * Math.floor(k / 3) });
    const accounts = [
      ...Array.from({ length: 12 }, (_, k) => ({ id: `wue-${k}`, ...near(49.79, 9.95, k), value: 100, segment: 'A', currentRepId: 'munich' })),
      ...Array.from({ length: 4 }, (_, k) => ({ id: `ulm-${k}`, ...near(48.4, 9.99, k), value: 100, segment: 'A', currentRepId: 'munich' })),
    ];
    const problem = makeProblem({
      accounts,
      reps: [{ id: 'munich', lat: 48.14, lon: 11.58, role: 'field', capacity: 400 }],
      callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }],
      balance: { mode: 'soft', workloadTolerance: 0.5, valueTolerance: null },
      options: { timeLimitSeconds: 20 },
    });
    const sites = [
      { id: 'wuerzburg', name: 'Würzburg', lat: 49.79, lon: 9.95 },
      { id: 'ulm', name: 'Ulm', lat: 48.4, lon: 9.99 },
      { id: 'passau', name: 'Passau', lat: 48.57, lon: 13.43 },
    ];
    const choice = await chooseSites(problem, sites, { role: 'field', count: 1, capacity: 400 }, runContext({ timeLimitSeconds: 60, seed: 1, highs: highsFactory }));
    expect(choice).not.toBeNull();
    expect(choice!.sites.map((s) => s.id)).toEqual(['wuerzburg']);
    expect(choice!.location.status).toBe('optimal');
    expect(choice!.problem.reps.map((r) => r.id)).toEqual(['munich', 'hire-wuerzburg']);
    const result = await solve(choice!.problem, { highs: highsFactory, timeLimitSeconds: 30 });
    expect(verify(choice!.problem, result.assignments).ok).toBe(true);
    const hired = result.assignments.filter((a) => a.repId === 'hire-wuerzburg').map((a) => a.accountId);
    expect(hired.length).toBeGreaterThan(0);
    expect(hired.every((id) => id.startsWith('wue-'))).toBe(true);
  }, 120_000);

  it('count auto: the deficit the capacity report gives, in whole reps, and none once they are hired', () => {
    const sample = makeProblem(JSON.parse(readFileSync('data/sample-bavaria-bw.json', 'utf8')));
    expect(hiresNeeded(sample, 'field')).toBe(0);
    const short = { ...sample, reps: sample.reps.filter((r) => !['field-munich', 'field-augsburg', 'field-nuremberg'].includes(r.id)) };
    const needed = hiresNeeded(short, 'field');
    expect(needed).toBeGreaterThan(0);
    const field = short.reps.filter((r) => r.role === 'field');
    const mean = field.reduce((s, r) => s + r.capacity, 0) / field.length;
    const site = (k: number) => ({ id: `s${k}`, lat: 48.5 + 0.1 * k, lon: 10 + 0.1 * k });
    const hired = (n: number) => ({ ...short, reps: [...short.reps, ...Array.from({ length: n }, (_, k) => hireAt(site(k), { role: 'field', count: n, capacity: mean }))] });
    expect(hiresNeeded(hired(needed), 'field')).toBe(0);
    expect(hiresNeeded(hired(needed - 1), 'field')).toBe(1);
  });
});
