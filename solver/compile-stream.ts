/**
 * A territory model too large to hold, read row by row: the large-model strategy streams its pairs
 * (large/pair-stream.ts) and holds only its candidates, and the reports get a model of the pairs
 * they read. Rows come from the problem (pair-rows.ts), the one source of pair facts, so a streamed
 * pair is the same pair compileProblem would have built (the tests compare them).
 */
import { assembleModel, compileData, staySides, type CompileData, type CompiledProblem } from './compile.ts';
import { eligiblePairs, noPairs, unassignableReason, type Unassignable } from './compile-pairs.ts';
import type { PairStream, StreamSide } from './large/pair-stream.ts';
import { PairRows, type AccountRow } from './pair-rows.ts';
import type { Problem } from './problem.ts';
import { FAMILY } from './types.ts';

export interface StreamedProblem {
  readonly data: CompileData;
  readonly rows: PairRows;
  /** The full model, row by row. */
  readonly stream: PairStream;
  /** Eligible pairs of the full model. */
  readonly pairs: number;
  readonly unassignable: readonly Unassignable[];
}

/** One pass over the problem's rows: the pairs per account, the accounts no rep may own, the move budget's terms. */
export function streamProblem(problem: Problem): StreamedProblem {
  const data = compileData(problem);
  const rows = new PairRows(problem, data.pairData);
  const { current } = data.pairData;
  const n = problem.accounts.length;
  const pairStart = new Int32Array(n + 1);
  const unassignable: Unassignable[] = [];
  // The stay sides' terms (move budget, handoffs): each account's pair with its current rep, where that rep may own it.
  const stays = new Uint8Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    pairStart[i] = total;
    const row = rows.row(i);
    if (row.count === 0) unassignable.push({ account: i, reason: unassignableReason(rows, i) });
    if (current[i]! >= 0 && row.agent.subarray(0, row.count).includes(current[i]!)) stays[i] = 1;
    total += row.count;
  }
  pairStart[n] = total;
  // The families as compile builds them (limits, groups, weights, tolerances); their loads come from the rows.
  const families = assembleModel(data, noPairs(n)).model;
  // The side rows compile builds (staySides), over the stay pairs that exist, in the same order.
  const sides: StreamSide[] = staySides(problem, current).map((side, s) => {
    const item = side.accounts.filter((i) => stays[i] === 1);
    const { name, lower, upper } = families.sideConstraints[s]!;
    return { name, item, agent: Int32Array.from(item, (i) => current[i]!), coef: new Float64Array(item.length).fill(1), lower, upper };
  });
  const ones = new Float64Array(problem.reps.length).fill(1);
  const value = new Float64Array(problem.reps.length);
  const takeover = new Float64Array(problem.reps.length);
  // Which column of a row each family loads (compile.ts: capacityFamilies, takeoverLimits, bandFamilies).
  const capacityLoad = (row: AccountRow, name: string) =>
    name === FAMILY.maxAccounts ? ones : name === FAMILY.maxTakeovers ? takeover : row.capacityHours;
  const bandLoad = (row: AccountRow, name: string) => (name === FAMILY.valueBand ? value : row.workload);
  const stream: PairStream = {
    items: n,
    agents: problem.reps.length,
    pairStart,
    capacities: families.capacities.map(({ load: _, ...family }) => family),
    bands: families.bands.map(({ load: _, ...band }) => band),
    sides,
    row(i) {
      const row = rows.row(i);
      value.fill(problem.accounts[i]!.value, 0, row.count);
      for (let k = 0; k < row.count; k++) takeover[k] = current[i]! >= 0 && row.agent[k] !== current[i] ? 1 : 0;
      return {
        count: row.count,
        agent: row.agent,
        cost: row.cost,
        capacityLoad: families.capacities.map((f) => capacityLoad(row, f.name)),
        bandLoad: families.bands.map((b) => bandLoad(row, b.name)),
      };
    },
  };
  return { data, rows, stream, pairs: total, unassignable };
}

/**
 * The model the reports and the structural checks read, over the pairs they need of each account:
 * its pair with the plan's rep and with its current rep; every pair at most as far as the plan's rep
 * (the nearest eligible rep of a role, and every nearer rep a moved account's explanation weighs);
 * the least-workload pair of each role (the capacity report and the demand per role without a plan);
 * and a second pair whenever it has one (an account with one pair is tied to its rep).
 */
export function reportModel(streamed: StreamedProblem, assignment: Int32Array | null): CompiledProblem {
  const { data, rows } = streamed;
  const { current, roleOfRep } = data.pairData;
  const leastOfRole = new Int32Array(data.roles.length);
  const picked: number[] = [];
  const select = (i: number, row: AccountRow): number[] => {
    const owner = assignment ? assignment[i]! : -1;
    let ownerKm = -Infinity;
    for (let k = 0; k < row.count; k++) if (row.agent[k] === owner) ownerKm = row.km[k]!;
    leastOfRole.fill(-1);
    for (let k = 0; k < row.count; k++) {
      const r = roleOfRep[row.agent[k]!]!;
      if (leastOfRole[r]! < 0 || row.workload[k]! < row.workload[leastOfRole[r]!]!) leastOfRole[r] = k;
    }
    picked.length = 0;
    for (let k = 0; k < row.count; k++) {
      const j = row.agent[k]!;
      const keep = j === owner || j === current[i] || row.km[k]! <= ownerKm + 1e-6 || leastOfRole[roleOfRep[j]!] === k;
      if (keep) picked.push(k);
    }
    if (picked.length === 1 && row.count > 1) picked.splice(picked[0] === 0 ? 1 : 0, 0, picked[0] === 0 ? 1 : 0);
    return picked;
  };
  return assembleModel(data, eligiblePairs(rows, select));
}
