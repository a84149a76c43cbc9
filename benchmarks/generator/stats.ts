/**
 * Figures about a generated problem: the calibrated (nearest-rep) plan and the planted solution.
 */
import type { Segment } from './calibrate.ts';

export interface RoleStats {
  readonly reps: number;
  readonly accounts: number;
  readonly capacityHours: number;
  /** Demand with every account at its nearest eligible (or locked) rep, hours per year. */
  readonly demandHours: number;
  readonly travelHours: number;
  readonly utilization: number;
  /** The planted solution (see witness.ts), as the hard constraints see it. */
  readonly plan: {
    readonly utilization: number;
    /** Highest workload / capacity of any rep (must be <= 1). */
    readonly maxUtilization: number;
    /** Largest relative distance of a rep's workload / value from its capacity share (bands: 0.1 / 0.2). */
    readonly workloadDeviation: number;
    readonly valueDeviation: number;
  };
}

export interface GenerationStats {
  readonly field: RoleStats;
  readonly inside: RoleStats;
  readonly segments: Readonly<Record<Segment, number>>;
  /** Accounts whose lognormal value was capped (see accounts.ts). */
  readonly valueCapped: number;
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/** Stats of one role: `reps` and the `accounts` it serves in the base plan (global indices). */
export function roleStats(input: {
  reps: readonly number[];
  accounts: readonly number[];
  capacity: readonly number[];
  /** Workload of account i at its nearest eligible (or locked) rep, and its call hours alone. */
  nearestWorkload: (i: number) => number;
  callHours: (i: number) => number;
  plan: Int32Array;
  planWorkload: (i: number) => number;
  values: readonly number[];
}): RoleStats {
  const { reps, accounts, capacity, plan } = input;
  const capacityHours = sum(reps.map((j) => capacity[j] ?? 0));
  const demandHours = sum(accounts.map(input.nearestWorkload));
  const perRep = (w: (i: number) => number): Float64Array => {
    const out = new Float64Array(capacity.length);
    for (const i of accounts) out[plan[i] ?? 0] = (out[plan[i] ?? 0] ?? 0) + w(i);
    return out;
  };
  const planLoad = perRep(input.planWorkload);
  const planValue = perRep((i) => input.values[i] ?? 0);
  const deviation = (load: Float64Array): number => {
    const mean = sum(reps.map((j) => load[j] ?? 0)) / capacityHours;
    return Math.max(...reps.map((j) => Math.abs((load[j] ?? 0) / (mean * (capacity[j] ?? 1)) - 1)));
  };
  return {
    reps: reps.length,
    accounts: accounts.length,
    capacityHours,
    demandHours,
    travelHours: demandHours - sum(accounts.map(input.callHours)),
    utilization: demandHours / capacityHours,
    plan: {
      utilization: sum(reps.map((j) => planLoad[j] ?? 0)) / capacityHours,
      maxUtilization: Math.max(...reps.map((j) => (planLoad[j] ?? 0) / (capacity[j] ?? 1))),
      workloadDeviation: deviation(planLoad),
      valueDeviation: deviation(planValue),
    },
  };
}

/** One line per role, for the CLI. */
export function describeRole(name: string, r: RoleStats): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return `${name}: ${r.reps} reps, ${r.accounts} accounts; nearest plan ${Math.round(r.demandHours)} h / ${r.capacityHours} h = `
    + `${(100 * r.utilization).toFixed(2)}% (travel ${pct(r.travelHours / r.demandHours)}); planted plan ${pct(r.plan.utilization)}, `
    + `max rep ${pct(r.plan.maxUtilization)}, workload ±${pct(r.plan.workloadDeviation)}, value ±${pct(r.plan.valueDeviation)}`;
}
