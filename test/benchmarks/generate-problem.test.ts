import { describe, expect, it } from 'vitest';
import { generateProblem, generateProblemWithStats, type GenerateSpec } from '../../benchmarks/generate-problem.ts';
import { problemSchema, type Problem } from '../../solver/problem.ts';

// Everything below is recomputed from the generated JSON alone, from first principles
// (docs/architecture.md, "The model"), so the test does not trust the generator's own bookkeeping.

const EARTH_RADIUS_KM = 6371.0088;

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2
    + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** 80/20 segments: the account whose cumulative value before it is under 80% is A, under 95% B. */
function segmentsOf(values: readonly number[]): string[] {
  const total = values.reduce((s, v) => s + v, 0);
  const order = values.map((_, i) => i).sort((p, q) => values[q]! - values[p]! || p - q);
  const out: string[] = [];
  let before = 0;
  for (const i of order) {
    out[i] = before < 0.8 * total ? 'A' : before < 0.95 * total ? 'B' : 'C';
    before += values[i]!;
  }
  return out;
}

interface RoleDemand { demand: number; travel: number; capacity: number }

/**
 * Demand per role when every account goes to its locked rep, else its nearest eligible rep (role
 * of its base pattern, skills, exclusions): the optimistic plan the generator calibrates on.
 * The base pattern of a segment is its in-person one when it has one (B may also have video).
 */
function nearestPlanDemand(problem: Problem): Map<string, RoleDemand> {
  const segments = segmentsOf(problem.accounts.map((a) => a.value));
  const { circuityFactor, speedKmh, routeSharing } = problem.travel;
  const roles = new Map<string, RoleDemand>();
  for (const rep of problem.reps) {
    const role = roles.get(rep.role) ?? { demand: 0, travel: 0, capacity: 0 };
    role.capacity += rep.capacity;
    roles.set(rep.role, role);
  }
  problem.accounts.forEach((account, i) => {
    const options = problem.callPatterns.filter((p) => p.segment === segments[i]);
    const pattern = options.find((p) => p.channel === 'in_person') ?? options[0];
    if (!pattern) throw new Error(`no call pattern for segment ${segments[i]}`);
    const eligible = problem.reps.filter((r) => r.role === pattern.role
      && (account.skills ?? []).every((s) => (r.skills ?? []).includes(s))
      && !(account.excludedRepIds ?? []).includes(r.id)
      && (account.lockedRepId === undefined || account.lockedRepId === r.id));
    const km = Math.min(...eligible.map((r) => haversineKm(account.lat!, account.lon!, r.lat!, r.lon!)));
    expect(km, `account ${account.id} has an eligible rep`).toBeLessThan(Infinity);
    const travelPerVisit = pattern.channel === 'in_person' ? (2 * km * circuityFactor * routeSharing) / speedKmh : 0;
    const role = roles.get(pattern.role)!;
    role.demand += pattern.callsPerYear * (pattern.minutesPerCall / 60 + travelPerVisit);
    role.travel += pattern.callsPerYear * travelPerVisit;
  });
  return roles;
}

/**
 * Every hard constraint of a plan (rep id per account) under the problem's bands, recomputed:
 * eligibility (a pattern for the segment and the rep's role, skills, exclusions, locks), capacity,
 * and the workload and value bands around each rep's capacity share of its role. Returns the
 * violations as readable strings (none for a feasible plan).
 */
function planViolations(problem: Problem, plan: readonly string[]): string[] {
  const out: string[] = [];
  const segments = segmentsOf(problem.accounts.map((a) => a.value));
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j]));
  const { circuityFactor, speedKmh, routeSharing } = problem.travel;
  const load = new Array<number>(problem.reps.length).fill(0);
  const value = new Array<number>(problem.reps.length).fill(0);
  problem.accounts.forEach((a, i) => {
    const j = repIndex.get(plan[i] ?? '');
    const rep = j === undefined ? undefined : problem.reps[j];
    const pattern = problem.callPatterns.find((p) => p.segment === segments[i] && p.role === rep?.role);
    if (j === undefined || !rep || !pattern) return void out.push(`${a.id}: rep ${plan[i]} missing or has no pattern`);
    if (!(a.skills ?? []).every((s) => (rep.skills ?? []).includes(s))) out.push(`${a.id}: ${rep.id} lacks a skill`);
    if ((a.excludedRepIds ?? []).includes(rep.id)) out.push(`${a.id}: ${rep.id} is excluded`);
    if (a.lockedRepId !== undefined && a.lockedRepId !== rep.id) out.push(`${a.id}: locked to ${a.lockedRepId}`);
    const km = haversineKm(a.lat!, a.lon!, rep.lat!, rep.lon!);
    const travel = pattern.channel === 'in_person' ? (2 * km * circuityFactor * routeSharing) / speedKmh : 0;
    load[j]! += pattern.callsPerYear * (pattern.minutesPerCall / 60 + travel);
    value[j]! += a.value;
  });
  for (const role of new Set(problem.reps.map((r) => r.role))) {
    const members = problem.reps.flatMap((r, j) => (r.role === role ? [j] : []));
    const capacity = members.reduce((s, j) => s + problem.reps[j]!.capacity, 0);
    const band = (name: string, totals: number[], tol: number): void => {
      const total = members.reduce((s, j) => s + totals[j]!, 0);
      for (const j of members) {
        const share = (problem.reps[j]!.capacity / capacity) * total;
        if (Math.abs(totals[j]! - share) > tol * share) out.push(`${problem.reps[j]!.id}: ${name} ${totals[j]} outside ±${tol} of ${share}`);
      }
    };
    band('workload', load, problem.balance.workloadTolerance);
    band('value', value, problem.balance.valueTolerance ?? Infinity);
    for (const j of members) if (load[j]! > problem.reps[j]!.capacity) out.push(`${problem.reps[j]!.id}: over capacity`);
  }
  return out;
}

function parse(spec: GenerateSpec): Problem {
  const parsed = problemSchema.safeParse(generateProblem(spec));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 5)));
  return parsed.data;
}

const SPEC = { accounts: 2000, reps: 40, seed: 1 } as const;
const problem = parse(SPEC);

describe('generateProblem', () => {
  it('is deterministic: the same spec gives the same JSON, another seed another problem', () => {
    expect(JSON.stringify(generateProblem(SPEC))).toBe(JSON.stringify(generateProblem(SPEC)));
    expect(generateProblem({ ...SPEC, accounts: 300, reps: 8 })).toEqual(generateProblem({ ...SPEC, accounts: 300, reps: 8 }));
    const other = generateProblem({ ...SPEC, seed: 2 });
    expect(other.accounts.map((a) => a.lat)).not.toEqual(problem.accounts.map((a) => a.lat));
    expect(other.accounts.map((a) => a.value)).not.toEqual(problem.accounts.map((a) => a.value));
  });

  it('passes the problem schema, has the sizes asked for and unique ids', () => {
    expect(problem.accounts).toHaveLength(2000);
    expect(problem.reps).toHaveLength(40);
    expect(new Set(problem.accounts.map((a) => a.id)).size).toBe(2000);
    expect(new Set(problem.reps.map((r) => r.id)).size).toBe(40);
    // 15% inside by default; the rest field.
    expect(problem.reps.filter((r) => r.role === 'inside')).toHaveLength(6);
    expect(problem.reps.filter((r) => r.role === 'field')).toHaveLength(34);
    expect(problem.options.seed).toBe(1);
  });

  it('leaves segments to the engine and has realistic capacities and coordinates', () => {
    expect(problem.accounts.every((a) => a.segment === undefined)).toBe(true);
    for (const rep of problem.reps) {
      expect(rep.capacity).toBeGreaterThanOrEqual(1500);
      expect(rep.capacity).toBeLessThanOrEqual(1900);
    }
    // Germany's bounding box.
    for (const a of problem.accounts) {
      expect(a.lat).toBeGreaterThanOrEqual(47.3);
      expect(a.lat).toBeLessThanOrEqual(55.0);
      expect(a.lon).toBeGreaterThanOrEqual(5.9);
      expect(a.lon).toBeLessThanOrEqual(15.0);
    }
  });

  it('gives every account an existing, eligible current rep; locks and exclusions are consistent', () => {
    const reps = new Map(problem.reps.map((r) => [r.id, r]));
    const segments = segmentsOf(problem.accounts.map((a) => a.value));
    problem.accounts.forEach((a, i) => {
      const current = reps.get(a.currentRepId ?? '');
      expect(current, a.id).toBeDefined();
      const roles = problem.callPatterns.filter((p) => p.segment === segments[i]).map((p) => p.role);
      expect(roles).toContain(current!.role);
      for (const skill of a.skills ?? []) expect(current!.skills ?? []).toContain(skill);
      if (a.lockedRepId !== undefined) expect(a.lockedRepId).toBe(a.currentRepId);
      for (const id of a.excludedRepIds ?? []) {
        expect(reps.has(id)).toBe(true);
        expect(id).not.toBe(a.currentRepId);
      }
    });
    // Present, at low rates.
    const share = (f: (a: Problem['accounts'][number]) => boolean): number => problem.accounts.filter(f).length / 2000;
    expect(share((a) => a.lockedRepId !== undefined)).toBeGreaterThan(0);
    expect(share((a) => a.lockedRepId !== undefined)).toBeLessThan(0.03);
    expect(share((a) => (a.skills ?? []).length > 0)).toBeGreaterThan(0);
    expect(share((a) => (a.skills ?? []).length > 0)).toBeLessThan(0.05);
    expect(share((a) => a.currentRepId !== undefined)).toBe(1);
  });

  it('splits accounts roughly 20/30/50 into A/B/C by the 80/20 rule on value', () => {
    const segments = segmentsOf(problem.accounts.map((a) => a.value));
    const share = (s: string): number => segments.filter((x) => x === s).length / segments.length;
    expect(share('A')).toBeGreaterThan(0.15);
    expect(share('A')).toBeLessThan(0.25);
    expect(share('B')).toBeGreaterThan(0.22);
    expect(share('B')).toBeLessThan(0.36);
    expect(share('C')).toBeGreaterThan(0.42);
    expect(share('C')).toBeLessThan(0.6);
  });

  const calibrationCases: ReadonlyArray<readonly [string, GenerateSpec]> = [
    ['2000 x 40', SPEC],
    ['10000 x 100', { accounts: 10_000, reps: 100, seed: 1 }],
    ['1500 x 30 with 30% inside reps', { accounts: 1500, reps: 30, seed: 4, insideShare: 0.3 }],
    ['2000 x 40 in the US with B by video', { accounts: 2000, reps: 40, seed: 3, region: 'us', bInsideVideo: true }],
  ];
  for (const [label, spec] of calibrationCases) {
    it(`calibrates nearest-rep demand per role to 80-88% of capacity (${label})`, () => {
      const p = spec === SPEC ? problem : parse(spec);
      const roles = nearestPlanDemand(p);
      expect([...roles.keys()].sort()).toEqual(['field', 'inside']);
      for (const [role, { demand, capacity }] of roles) {
        expect(demand / capacity, role).toBeGreaterThanOrEqual(0.8);
        expect(demand / capacity, role).toBeLessThanOrEqual(0.88);
      }
      // Travel is a real but minor part of field work in Germany. 34 field reps for the whole
      // continental US spend a third of their time driving: that is the region, not the calibration.
      const field = roles.get('field')!;
      expect(field.travel / field.demand).toBeGreaterThan(0.1);
      if (spec.region !== 'us') expect(field.travel / field.demand).toBeLessThan(0.3);
    });
  }

  const plantedCases: ReadonlyArray<readonly [string, GenerateSpec]> = [
    ['2000 x 40', SPEC],
    ['2000 x 40, seed 7', { ...SPEC, seed: 7 }],
    ['10000 x 100', { accounts: 10_000, reps: 100, seed: 1 }],
    ['300 x 8', { accounts: 300, reps: 8, seed: 5 }],
    ['1500 x 30 with 30% inside reps', { accounts: 1500, reps: 30, seed: 4, insideShare: 0.3 }],
    ['2000 x 40 in the US with B by video', { accounts: 2000, reps: 40, seed: 3, region: 'us', bInsideVideo: true }],
  ];
  for (const [label, spec] of plantedCases) {
    it(`is feasible: the planted plan meets every hard constraint (${label})`, () => {
      const { problem: input, plan } = generateProblemWithStats(spec);
      const p = problemSchema.parse(input);
      expect(plan).toHaveLength(p.accounts.length);
      expect(planViolations(p, plan)).toEqual([]);
    });
  }

  it('has a plan checker that notices a broken plan', () => {
    const { problem: input, plan } = generateProblemWithStats({ accounts: 300, reps: 8, seed: 5 });
    const p = problemSchema.parse(input);
    const field = p.reps.find((r) => r.role === 'field')!.id;
    // Everything to one field rep: C accounts have no field pattern, and the bands break.
    expect(planViolations(p, plan.map(() => field)).length).toBeGreaterThan(0);
  });

  it('adds a B/inside video pattern only when asked', () => {
    expect(problem.callPatterns.map((p) => `${p.segment}/${p.role}/${p.channel}`)).toEqual(
      ['A/field/in_person', 'B/field/in_person', 'C/inside/phone'],
    );
    const video = parse({ accounts: 300, reps: 8, seed: 1, bInsideVideo: true });
    expect(video.callPatterns.find((p) => p.segment === 'B' && p.role === 'inside')?.channel).toBe('video');
  });

  it('rejects specs it cannot honour', () => {
    expect(() => generateProblem({ accounts: 0, reps: 5, seed: 1 })).toThrow(RangeError);
    expect(() => generateProblem({ accounts: 10, reps: 1, seed: 1 })).toThrow(RangeError);
    expect(() => generateProblem({ accounts: 10, reps: 5, seed: -1 })).toThrow(RangeError);
    expect(() => generateProblem({ accounts: 10, reps: 5, seed: 1, insideShare: 1 })).toThrow(RangeError);
  });
});
