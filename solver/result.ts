/**
 * The result of a territory solve: the public output contract (docs/result-format.md). Plain JSON:
 * the same document `territory solve --json` prints and the service returns.
 *
 * The zod schema is the one definition: the types below are read off it, and the service documents
 * its result routes with it, so the OpenAPI document cannot drift from what the solver returns.
 * Objects are strict because the document is exactly this; test/service/openapi-result.test.ts
 * parses real results with it and expects them back unchanged.
 */
import { z } from 'zod';
import { documented } from './documented.ts';
import { hiringSchema } from './hiring-result.ts';
import { BOUND_SOURCES, DIAGNOSIS_FAMILIES, FAMILY, REP_LIMIT_FAMILIES, SEARCH_ENDS, SOLVE_STATUSES } from './types.ts';

export { BOUND_SOURCES, DIAGNOSIS_FAMILIES } from './types.ts';

/** Why an account moved (see solver/move-reasons.ts and docs/result-format.md). */
export const MOVE_REASONS = ['current-rep-ineligible', FAMILY.capacity, FAMILY.workloadBand, FAMILY.valueBand, 'travel', 'rebalance'] as const;

const count = z.number().int().min(0);

export const solverFactsSchema = z.strictObject({
  status: documented(z.enum(SOLVE_STATUSES), 'How the solve ended. optimal: proven optimal (gap <= 0.01%). feasible: a valid plan, stopped at the mipGap target or on request; the bound is proven. timedout: the budget ended the search (work or time, see endedBy): the best plan found, if any, and the proven bound. infeasible: no plan satisfies the hard constraints (see diagnosis). error: the engine failed or a plan failed independent verification; no plan.', 'optimal'),
  objective: documented(z.number().nullable(), 'Objective of the plan (travelWeight x travel + disruptionWeight x disruption + band penalties, see objective), recomputed by the independent verifier; null without a plan.', 2878.16),
  bound: documented(z.number().nullable(), 'Proven lower bound on the best objective any plan can reach; null when none is known.', 2878.16),
  gap: documented(z.number().nullable(), '(objective - bound) / |objective|, a fraction: 0.003 means the plan is proven within 0.3% of the best possible. null without a plan or a bound.', 0),
  seconds: documented(z.number(), 'Wall time of the solve, in seconds.', 0.03),
  strategy: documented(z.string(), 'Which path produced the plan, its steps joined by + (greedy: construction, ls: local search, highs-mip: HiGHS branch-and-cut; large models: candidates, lp-bound, split-mip, ...). structural-checks when the input was rejected before solving.', 'greedy+ls+highs-mip'),
  boundSource: documented(z.enum(BOUND_SOURCES).nullable(), 'Which relaxation proved the bound: highs-mip (HiGHS branch-and-cut), lagrangian (the Lagrangian dual of capacities and bands) or lp (the LP relaxation priced over every pair, large models); null without a bound.', 'highs-mip'),
  timeLimitSeconds: documented(z.number(), 'The time limit the solve ran under, in seconds.', 30),
  workLimitSeconds: documented(z.number().nullable(), 'The work budget the solve ran under, in reference seconds (options.workLimitSeconds); null on budget wall.', 18),
  endedBy: documented(z.enum(SEARCH_ENDS), 'What ended the search. proof: proven optimal, within the gap target, or proven infeasible. work: the work budget (the same problem and seed give this plan again, on any machine). time: the time limit (with budget work, its safety net: the machine was too slow or busy to finish the work, and another run may give another plan). request: cancelled or stopped. error: the engine failed.', 'proof'),
  mipGap: documented(z.number(), 'The gap target the solve ran with (fraction).', 0.0001),
  message: documented(z.string(), 'A note on how the solve ended, when there is one.', 'time limit reached').optional(),
});

export const assignmentSchema = z.strictObject({
  accountId: documented(z.string(), 'The account.', 'stuttgart'),
  repId: documented(z.string(), 'The rep who owns the account in the plan.', 'anna'),
  segment: documented(z.string(), 'The account\'s segment, as given or derived by the 80/20 rule.', 'A'),
});

export const moveSchema = z.strictObject({
  accountId: documented(z.string(), 'The account that changes rep.', 'pforzheim'),
  fromRepId: documented(z.string().nullable(), 'The rep who owns it today; null when its currentRepId names no rep of the problem.', 'anna'),
  toRepId: documented(z.string(), 'The rep who owns it in the plan.', 'ben'),
  reason: documented(z.enum(MOVE_REASONS), 'Why it moves, the first that holds, judged on today\'s alignment. current-rep-ineligible: the current rep may not own it (no call pattern for its role, skills, exclusions, a lock elsewhere) or does not exist. capacity: the current rep is over capacity today. workload-band / value-band: the current rep is above its band today, or the new rep below it. travel: the new rep is nearer. rebalance: it makes room for another move.', 'capacity'),
  explanation: documented(z.string(), 'One sentence with names and numbers: why the account left its current rep, and why it went to the new one.', 'Pforzheim (pforzheim): Anna (field, Stuttgart) is over capacity today (136 h of 110 h); goes to Ben (field, Karlsruhe), 29 km away, the nearest other rep with room'),
});

export const workloadSplitSchema = z.strictObject({
  calls: documented(z.number(), 'Hours per year spent on calls (or the accounts\' fixed workload).', 66),
  travel: documented(z.number(), 'Hours per year spent driving to in-person calls.', 26.8),
  total: documented(z.number(), 'calls + travel, in hours per year.', 92.8),
});

export type TerritoryQuality = 'high' | 'medium' | 'low';

export const territorySchema = z.strictObject({
  repId: documented(z.string(), 'The rep who owns the territory.', 'anna'),
  repName: documented(z.string(), 'The rep\'s name, when the problem gives one.', 'Anna (field, Stuttgart)').optional(),
  role: documented(z.string(), 'The rep\'s role.', 'field'),
  accounts: documented(count, 'Number of accounts in the territory.', 4),
  accountsBySegment: documented(z.record(z.string(), count), 'Number of accounts per segment.', { A: 2, B: 2 }),
  workload: documented(workloadSplitSchema, 'The rep\'s workload in hours per year: calls, travel and their total.', { calls: 66, travel: 26.8, total: 92.8 }),
  capacity: documented(z.number(), 'The rep\'s capacity in hours per year.', 110),
  utilization: documented(z.number(), 'workload.total / the rep\'s hours for accounts (capacity - prospectingHours), a fraction (0.84 = 84% of those hours used).', 0.84),
  workloadIndex: documented(z.number(), 'The rep\'s workload divided by its fair share of its role\'s workload (share in proportion to the hours for accounts, capacity - prospectingHours): 1.00 is exactly on target, 1.04 is 4% above.', 1.04),
  value: documented(z.number(), 'Total value of the territory\'s accounts, in the currency of value.', 5200000),
  valueIndex: documented(z.number(), 'The territory\'s value divided by the rep\'s fair share of its role\'s value: 1.00 is exactly on target.', 1.04),
  travelKm: documented(z.number(), 'Road km driven per year for in-person calls.', 1608.6),
  distanceKm: documented(z.number(), 'Sum of home-to-account km over the territory (the compactness measure).', 63.2),
  callsPerYear: documented(z.number(), 'Calls per year over the territory\'s accounts.', 72),
  valuePerHour: documented(z.number().nullable(), 'value / workload.total: what an hour of the rep\'s time on this territory is worth; null without workload.', 56034),
  quality: documented(z.enum(['high', 'medium', 'low']).nullable(), 'The territory\'s rank within its role by valuePerHour, by thirds: high (the best third), medium, low; null without workload.', 'high'),
  centroid: documented(z.strictObject({
    lat: documented(z.number(), 'Mean latitude of the accounts, in degrees.', 48.89),
    lon: documented(z.number(), 'Mean longitude of the accounts, in degrees.', 9.22),
  }).nullable(), 'Mean of the accounts\' coordinates; null without coordinates or accounts.', { lat: 48.89, lon: 9.22 }),
});

const spreadSchema = z.strictObject({
  min: documented(z.number(), 'Smallest value among the role\'s reps (hours per year for workload, currency for value).', 78.2),
  max: documented(z.number(), 'Largest value among the role\'s reps.', 92.8),
  maxMinRatio: documented(z.number().nullable(), 'max / min; null when min is 0.', 1.19),
  cv: documented(z.number(), 'Coefficient of variation (standard deviation / mean) over the role\'s reps: 0 is perfectly even.', 0.09),
  maxDeviationFromShare: documented(z.number(), 'Largest |index - 1| over the role\'s reps, where index is the rep\'s quantity over its capacity-proportional share: 0.04 means every rep is within 4% of its fair share.', 0.04),
});

export const roleBalanceSchema = z.strictObject({
  role: documented(z.string(), 'The role.', 'field'),
  reps: documented(count, 'Number of reps in the role.', 2),
  workload: documented(spreadSchema, 'Spread of workload (hours per year) among the role\'s reps.', { min: 78.2, max: 92.8, maxMinRatio: 1.19, cv: 0.09, maxDeviationFromShare: 0.04 }),
  value: documented(spreadSchema, 'Spread of territory value among the role\'s reps.', { min: 4300000, max: 5200000, maxMinRatio: 1.21, cv: 0.09, maxDeviationFromShare: 0.05 }),
});

export const segmentDemandSchema = z.strictObject({
  segment: documented(z.string(), 'The segment.', 'A'),
  accounts: documented(count, 'Number of accounts in the segment.', 4),
  callsPerYear: documented(z.number(), 'Calls per year the segment\'s call patterns ask for.', 96),
  hours: documented(z.number(), 'Hours per year of workload the segment puts on the plan (calls and travel).', 130.4),
});

export const roleCapacitySchema = z.strictObject({
  role: documented(z.string(), 'The role.', 'field'),
  reps: documented(count, 'Number of reps in the role.', 2),
  demandHours: documented(z.number(), 'Hours per year of workload the role carries in the plan.', 171),
  capacityHours: documented(z.number(), 'Hours per year the role\'s reps have (sum of capacities, prospecting included).', 210),
  prospectingHours: documented(z.number(), 'Of capacityHours, the hours reserved for prospecting (sum of reps\' prospectingHours); not assignable to accounts.', 0),
  transitionHours: documented(z.number(), 'First-year introduction hours of the accounts the role\'s reps take over in the plan (see transition).', 1.5),
  utilization: documented(z.number(), 'demandHours / (capacityHours - prospectingHours), a fraction.', 0.81),
  coverage: documented(z.number(), 'Share of demand the role\'s hours for accounts can cover: min(1, (capacity - prospecting) / demand). Below 1, the role cannot make every call.', 1),
  headcountNeeded: documented(z.number(), 'Reps needed to carry the demand at the target utilisation (FTE): demand / (mean hours for accounts of the role x targetUtilization).', 1.92),
  surplusFte: documented(z.number(), 'reps - headcountNeeded, in FTE: positive is a surplus, negative a deficit.', 0.08),
});

export const repCallsSchema = z.strictObject({
  repId: documented(z.string(), 'The rep.', 'anna'),
  callsPerYear: documented(z.number(), 'Calls per year in the rep\'s territory.', 72),
  callsPerWeek: documented(z.number(), 'callsPerYear / weeksPerYear.', 1.57),
  utilization: documented(z.number(), 'The rep\'s workload / its hours for accounts (capacityHours - prospectingHours), a fraction.', 0.84),
  capacityHours: documented(z.number(), 'The rep\'s capacity, hours per year.', 110),
  prospectingHours: documented(z.number(), 'Of those, the hours reserved for prospecting (reps[].prospectingHours), not assignable.', 0),
  transitionHours: documented(z.number(), 'First-year introduction hours: one introduction call per account the rep takes over in the plan (transition.introCallMinutes, default one call of the account\'s pattern length). Within capacity when transition.countAgainstCapacity.', 0.75),
  handoffs: documented(count, 'The rep\'s current accounts that go to other reps in the plan.', 1),
  maxHandoffs: documented(count.nullable(), 'The rep\'s maxHandoffs; null without a limit.', null),
  takeovers: documented(count, 'Accounts that today belong to another rep and come to this rep in the plan (accounts without a current rep are new, not takeovers).', 1),
  maxTakeovers: documented(count.nullable(), 'The rep\'s maxTakeovers; null without a limit.', 2),
});

export const capacityReportResultSchema = z.strictObject({
  targetUtilization: documented(z.number(), 'The utilisation headcount is computed at (fraction), from the problem\'s capacityReport.', 0.85),
  weeksPerYear: documented(z.number(), 'Working weeks per year used for calls per week.', 46),
  estimated: documented(z.boolean(), 'True when there is no plan and demand is estimated with each account at its least-workload eligible rep (infeasible problems still get a capacity report).', false),
  segments: documented(z.array(segmentDemandSchema), 'Demand per segment.', [{ segment: 'A', accounts: 4, callsPerYear: 96, hours: 130.4 }]),
  roles: documented(z.array(roleCapacitySchema), 'Demand against capacity per role: is the sales force big enough?', [{ role: 'field', reps: 2, demandHours: 171, capacityHours: 210, prospectingHours: 0, transitionHours: 0.75, utilization: 0.81, coverage: 1, headcountNeeded: 1.92, surplusFte: 0.08 }]),
  reps: documented(z.array(repCallsSchema), 'Per rep: calls, utilisation, prospecting and transition hours, handoffs and takeovers against their limits.', [{ repId: 'anna', callsPerYear: 72, callsPerWeek: 1.57, utilization: 0.84, capacityHours: 110, prospectingHours: 0, transitionHours: 0.75, handoffs: 0, maxHandoffs: null, takeovers: 1, maxTakeovers: 2 }]),
});

export const quotaSchema = z.strictObject({
  repId: documented(z.string(), 'The rep.', 'anna'),
  quota: documented(z.number(), 'The rep\'s quota: orgTarget x share, in the currency of value.', 2780748.66),
  share: documented(z.number(), 'The territory\'s share of total value (fraction).', 0.278),
});

export const leastMovesSchema = z.strictObject({
  count: documented(count, 'At least this many accounts must leave their current rep in every valid plan.', 3),
  exact: documented(z.boolean(), 'True when a valid plan with exactly count moves was found; false: count is only a proven lower bound.', true),
  maxMoves: documented(count, 'The move budget the problem set (objective.maxMoves).', 1),
  currentRepIneligible: documented(count, 'Accounts that may not stay with their current rep at all (locked elsewhere, skills, exclusions, call patterns).', 0),
});

export const forcedTerritorySchema = z.strictObject({
  repId: documented(z.string(), 'The rep whose accounts must partly leave.', 'anna'),
  repName: documented(z.string(), 'The rep\'s name, when the problem gives one.', 'Anna (field, Stuttgart)').optional(),
  limit: documented(z.enum(REP_LIMIT_FAMILIES), 'The limit exceeded: its capacity, its maxAccounts, or the most its hard band allows in any plan.', 'capacity'),
  load: documented(z.number(), 'Load of the accounts concerned (its current accounts, or its frozen ones), in unit.', 136),
  max: documented(z.number(), 'The most the rep may carry, in unit.', 110),
  unit: documented(z.enum(['hours', 'accounts', 'value']), 'The unit of load and max.', 'hours'),
  mustLeave: documented(count, 'At least this many of those accounts must leave the rep.', 2),
});

export const diagnosisSchema = z.strictObject({
  family: documented(z.enum(DIAGNOSIS_FAMILIES), 'The hard-constraint family that cannot hold.', 'capacity'),
  message: documented(z.string(), 'What fails and by how much, in one sentence.', 'field demand 12,400 h vs field capacity 10,300 h: 1.5 more field reps at 85% utilisation'),
  shortfall: documented(z.number(), 'The shortfall in the family\'s unit, when it can be measured.', 2100).optional(),
  unit: documented(z.string(), 'The unit of shortfall (hours, accounts, value).', 'hours').optional(),
  ids: documented(z.array(z.string()), 'Account, rep or role ids involved.', ['field']).optional(),
  leastMoves: documented(leastMovesSchema, 'max-moves: the least number of moves a valid plan needs, exact or a proven lower bound.', { count: 3, exact: true, maxMoves: 1, currentRepIneligible: 0 }).optional(),
  segments: documented(z.array(z.string()), 'frozen-segments: the frozen segments whose accounts cannot all stay.', ['A']).optional(),
  territories: documented(z.array(forcedTerritorySchema), 'max-moves, frozen-segments: the territories that force accounts out, and how many each.', [{ repId: 'anna', limit: 'capacity', load: 136, max: 110, unit: 'hours', mustLeave: 2 }]).optional(),
});

export const objectiveBreakdownSchema = z.strictObject({
  travel: documented(z.number(), 'Road km per year for in-person calls (travel: visits) or summed home-to-account km (travel: distance).', 2878.16),
  travelWeight: documented(z.number(), 'The problem\'s travelWeight.', 1),
  disruption: documented(z.number(), 'Summed disruptionMeasure of the accounts that leave their current rep (hours per year, value or accounts).', 34.5),
  disruptionWeight: documented(z.number(), 'The problem\'s disruptionWeight.', 0),
  balancePenalty: documented(z.number(), 'Soft-band penalties (0 in hard mode).', 0),
  distancePenalty: documented(z.number(), 'Soft distance limits: penaltyPerKm x road km beyond the limit, summed over the accounts (0 without soft limits).', 0),
  stretchKm: documented(z.number(), 'Road km by which accounts\' reps lie beyond twice the road km of their nearest eligible rep of the same role, summed (counted whatever the weight).', 0),
  compactnessWeight: documented(z.number(), 'The problem\'s objective.compactnessWeight.', 0),
  tierMismatch: documented(z.number(), 'Strength matching: the sum over accounts of value / mean account value x (the owner\'s tier - 1) (counted whatever the weight; 0 when every rep is tier 1).', 0),
  tierWeight: documented(z.number(), 'The problem\'s objective.tierWeight.', 0),
  total: documented(z.number(), 'travelWeight x travel + disruptionWeight x disruption + balancePenalty + distancePenalty + compactnessWeight x stretchKm + tierWeight x tierMismatch: the objective the solver minimised.', 2878.16),
});

export const inputIssueSchema = z.strictObject({
  path: documented(z.string(), 'JSON path of the field in the problem.', 'accounts[3].currentRepId'),
  message: documented(z.string(), 'What deserves attention.', '12 accounts name an owner that is not a rep id or name (e.g. "Anna Weber"): counted as unassigned today; reps have ids like "anna", "ben"'),
});

export const COMPACTNESS_REASONS = ['capacity', 'max-accounts', 'max-takeovers', 'workload-band', 'value-band', 'max-moves', 'max-handoffs', 'objective', 'search'] as const;

export const farAccountSchema = z.strictObject({
  accountId: documented(z.string(), 'The account.', 'freiburg'),
  accountName: documented(z.string(), 'Its name, when the problem gives one.', 'Freiburg').optional(),
  km: documented(z.number(), 'Km from the owner\'s home to the account (straight line or the matrix, as territories[].distanceKm).', 277),
  nearestRepId: documented(z.string(), 'The nearest rep of the owner\'s role that may own the account (eligible per the model: patterns, skills, exclusions, locks, frozen segments, hard distance limits).', 'felix'),
  nearestRepName: documented(z.string(), 'That rep\'s name, when the problem gives one.', 'Felix (field, Freiburg)').optional(),
  nearestKm: documented(z.number(), 'Km from that rep\'s home to the account.', 0.4),
  kmNearer: documented(z.number(), 'How much nearer that rep is: km - nearestKm.', 276.6),
  stretch: documented(z.number(), 'km / nearestKm, each at least 1 km: 1 when the owner is the nearest eligible rep.', 277),
});

export const territoryCompactnessSchema = z.strictObject({
  repId: documented(z.string(), 'The territory\'s rep.', 'anna'),
  accounts: documented(count, 'Accounts of the territory called on in person.', 4),
  nearestShare: documented(z.number().nullable(), 'Share of the territory\'s in-person accounts whose owner is their nearest eligible rep of the role (stretch 1); null without accounts.', 0.75),
  maxStretch: documented(z.number().nullable(), 'Largest stretch over the territory\'s accounts; null without accounts.', 1.4),
  farthest: documented(z.array(farAccountSchema), 'The territory\'s (up to) 3 farthest accounts, farthest first.', [{ accountId: 'heilbronn', accountName: 'Heilbronn', km: 41.2, nearestRepId: 'anna', nearestKm: 41.2, kmNearer: 0, stretch: 1 }]),
});

export const outlierSchema = z.strictObject({
  ...farAccountSchema.shape,
  repId: documented(z.string(), 'The owner.', 'marc'),
  reason: documented(z.enum(COMPACTNESS_REASONS), 'What keeps the account from its nearest eligible rep, found by trying that one move on the plan: the hard constraint it would break (capacity, max-accounts, max-takeovers, workload-band, value-band, max-moves, max-handoffs), objective (the move is allowed but makes the objective worse: the travel, balance or disruption trade-off) or search (the move would improve the objective: the solve stopped before finding it).', 'workload-band'),
  explanation: documented(z.string(), 'The reason in one sentence, with the nearer reps that are not eligible and why.', 'Freiburg (freiburg) is 277 km from Marc; Felix, 0 km away, would go above its workload band with it'),
});

export const hullOverlapSchema = z.strictObject({
  repIds: documented(z.array(z.string()).length(2), 'The two territories (same role).', ['anna', 'ben']),
  share: documented(z.number(), 'Area of the intersection of their convex hulls as a share of the smaller hull (0 to 1).', 0.12),
});

export const compactnessSchema = z.strictObject({
  accounts: documented(count, 'Accounts called on in person, the ones these figures are about (phone and video calls drive no km, so their distance is no outlier).', 12),
  nearestShare: documented(z.number(), 'Share of those accounts whose owner is their nearest eligible rep of the role.', 0.83),
  stretchAbove2: documented(count, 'Accounts whose stretch is above 2 (owner more than twice as far as the nearest eligible rep).', 1),
  maxStretch: documented(z.number(), 'Largest stretch over all accounts.', 2.6),
  outliers: documented(z.array(outlierSchema), 'The accounts with stretch above 2, largest first (at most 50), each with what keeps it from its nearest eligible rep.', [{ accountId: 'freiburg', accountName: 'Freiburg', km: 277, nearestRepId: 'felix', nearestKm: 0.4, kmNearer: 276.6, stretch: 277, repId: 'marc', reason: 'workload-band', explanation: 'Freiburg (freiburg) is 277 km from Marc; Felix, 0 km away, would go above its workload band with it' }]),
  hulls: documented(count, 'Pairs of territories of the same role that both have a hull (3 or more located accounts spanning an area).', 1),
  overlappingHulls: documented(count, 'Of those pairs, how many hulls overlap by more than 0.1% of the smaller one.', 0),
  hullOverlaps: documented(z.array(hullOverlapSchema), 'The overlapping pairs, largest share first (at most 50).', []),
  territories: documented(z.array(territoryCompactnessSchema), 'Per territory: nearestShare, largest stretch, farthest accounts.', [{ repId: 'anna', accounts: 4, nearestShare: 0.75, maxStretch: 1.4, farthest: [{ accountId: 'heilbronn', accountName: 'Heilbronn', km: 41.2, nearestRepId: 'anna', nearestKm: 41.2, kmNearer: 0, stretch: 1 }] }]),
});

export const territoryResultSchema = z.strictObject({
  name: documented(z.string(), 'The problem\'s name, when it has one.', 'Tiny example: Stuttgart and Karlsruhe').optional(),
  solver: documented(solverFactsSchema, 'How the solve ended: status, objective, proven bound and gap.', { status: 'optimal', objective: 2878.16, bound: 2878.16, gap: 0, seconds: 0.03, strategy: 'greedy+ls', boundSource: 'lagrangian', timeLimitSeconds: 30, workLimitSeconds: 18, endedBy: 'proof', mipGap: 0.0001 }),
  assignments: documented(z.array(assignmentSchema), 'The plan: the rep of every account (empty without a plan).', [{ accountId: 'stuttgart', repId: 'anna', segment: 'A' }, { accountId: 'karlsruhe', repId: 'ben', segment: 'A' }]),
  moves: documented(z.array(moveSchema), 'Accounts with a currentRepId whose rep changes, each with the reason.', [{ accountId: 'pforzheim', fromRepId: 'anna', toRepId: 'ben', reason: 'capacity', explanation: 'Pforzheim (pforzheim): Anna (field, Stuttgart) is over capacity today (136 h of 110 h); goes to Ben (field, Karlsruhe), 29 km away, the nearest other rep with room' }]),
  territories: documented(z.array(territorySchema), 'One territory per rep: accounts, workload, utilisation, value, travel.', [{
    repId: 'anna', repName: 'Anna (field, Stuttgart)', role: 'field', accounts: 4, accountsBySegment: { A: 2, B: 2 }, workload: { calls: 66, travel: 26.8, total: 92.8 },
    capacity: 110, utilization: 0.84, workloadIndex: 1.04, value: 5200000, valueIndex: 1.04, travelKm: 1608.6, distanceKm: 63.2, callsPerYear: 72, valuePerHour: 56034, quality: 'high', centroid: { lat: 48.89, lon: 9.22 },
  }]),
  balance: documented(z.array(roleBalanceSchema), 'How evenly workload and value are spread, one entry per role.', [{
    role: 'field', reps: 2, workload: { min: 78.2, max: 92.8, maxMinRatio: 1.19, cv: 0.09, maxDeviationFromShare: 0.04 }, value: { min: 4300000, max: 5200000, maxMinRatio: 1.21, cv: 0.09, maxDeviationFromShare: 0.05 },
  }]),
  capacity: documented(capacityReportResultSchema, 'The call-pattern capacity report: demand vs capacity per role and segment, headcount needed, surplus or deficit in FTE, calls per week.', {
    targetUtilization: 0.85, weeksPerYear: 46, estimated: false, segments: [{ segment: 'A', accounts: 4, callsPerYear: 96, hours: 130.4 }],
    roles: [{ role: 'field', reps: 2, demandHours: 171, capacityHours: 210, prospectingHours: 0, transitionHours: 0.75, utilization: 0.81, coverage: 1, headcountNeeded: 1.92, surplusFte: 0.08 }],
    reps: [{ repId: 'anna', callsPerYear: 72, callsPerWeek: 1.57, utilization: 0.84, capacityHours: 110, prospectingHours: 0, transitionHours: 0.75, handoffs: 0, maxHandoffs: null, takeovers: 1, maxTakeovers: 2 }],
  }),
  quotas: documented(z.array(quotaSchema), 'Per-territory quotas, when the problem sets quotas.orgTarget.', [{ repId: 'anna', quota: 2780748.66, share: 0.278 }]).optional(),
  compactness: documented(compactnessSchema, 'Outliers and compactness of the plan: accounts far beyond their nearest eligible rep and why, the share of accounts at their nearest rep, overlapping territory hulls. Absent without a plan.', { accounts: 12, nearestShare: 0.83, stretchAbove2: 0, maxStretch: 1.6, outliers: [], hulls: 1, overlappingHulls: 0, hullOverlaps: [], territories: [] }).optional(),
  rebalance: documented(z.strictObject({
    moveCost: documented(z.number(), 'The plan\'s move cost: objective.moveCostBySegment summed over the accounts that leave their current rep.', 6),
    moveCostBound: documented(z.number().nullable(), 'A proven lower bound on the move cost of any plan that meets every hard constraint: moveCost equal to it means no plan fixes what is broken with fewer moves. null when none is proven.', 6),
    accountsMoved: documented(z.number().int(), 'Accounts that leave their current rep.', 3),
  }), 'Rebalance mode only (objective.mode): the fewest moves that fix what is broken, weighted by segment; travel and the other terms were minimised among the plans with that move cost.', { moveCost: 6, moveCostBound: 6, accountsMoved: 3 }).optional(),
  hiring: documented(hiringSchema, 'Problems with hire or retire only: the sites chosen for the hires, the reps let go, the location choice\'s proof and what changes against today (see docs/location.md).', { role: 'field', requested: 1, hired: 1, sites: [{ id: 'ulm', name: 'Ulm', lat: 48.40108, lon: 9.98761, repId: 'hire-ulm', cost: 0, accounts: 19 }], retired: [], location: { status: 'optimal', objective: 48210.5, bound: 48210.5, gap: 0, strategy: 'greedy+highs-mip' }, change: { baseline: 'current-alignment', unassignedToday: 0, travelKmToday: 152340.2, travelKmPlan: 141020.7, roles: [] } }).optional(),
  objective: documented(objectiveBreakdownSchema.nullable(), 'The objective term by term; null without a plan.', { travel: 2878.16, travelWeight: 1, disruption: 34.5, disruptionWeight: 0, balancePenalty: 0, distancePenalty: 0, stretchKm: 0, compactnessWeight: 0, tierMismatch: 0, tierWeight: 0, total: 2878.16 }),
  diagnosis: documented(z.array(diagnosisSchema), 'Infeasible problems only: each constraint family that cannot hold, and by how much.', [{ family: 'capacity', message: 'field demand 12,400 h vs field capacity 10,300 h: 1.5 more field reps at 85% utilisation', shortfall: 2100, unit: 'hours', ids: ['field'] }]).optional(),
  warnings: documented(z.array(inputIssueSchema), 'Input that was accepted but deserves attention (owners matched by rep name, an owner or excluded rep that names no rep), one entry per cause.', [{ path: 'accounts[3].currentRepId', message: '12 accounts name an owner that is not a rep id or name (e.g. "Anna Weber"): counted as unassigned today; reps have ids like "anna", "ben"' }]),
}).describe('The result of a solve: the plan, moves, territories, balance, capacity report, quotas, solver facts and, for infeasible problems, a diagnosis. The same document `territory solve --json` prints.');

/** A result is built once and only read after: the types are read-only views of the schema's output. */
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type SolverFacts = DeepReadonly<z.output<typeof solverFactsSchema>>;
export type Assignment = DeepReadonly<z.output<typeof assignmentSchema>>;
export type MoveReason = (typeof MOVE_REASONS)[number];
export type Move = DeepReadonly<z.output<typeof moveSchema>>;
export type WorkloadSplit = DeepReadonly<z.output<typeof workloadSplitSchema>>;
export type Territory = DeepReadonly<z.output<typeof territorySchema>>;
/** Spread of a per-rep quantity within a role. */
export type Spread = DeepReadonly<z.output<typeof spreadSchema>>;
export type RoleBalance = DeepReadonly<z.output<typeof roleBalanceSchema>>;
export type SegmentDemand = DeepReadonly<z.output<typeof segmentDemandSchema>>;
export type RoleCapacity = DeepReadonly<z.output<typeof roleCapacitySchema>>;
export type RepCalls = DeepReadonly<z.output<typeof repCallsSchema>>;
export type CapacityReport = DeepReadonly<z.output<typeof capacityReportResultSchema>>;
export type Quota = DeepReadonly<z.output<typeof quotaSchema>>;
/** A hard-constraint family that cannot hold, and by how much. */
export type Diagnosis = DeepReadonly<z.output<typeof diagnosisSchema>>;
export type LeastMoves = DeepReadonly<z.output<typeof leastMovesSchema>>;
/** A rep whose accounts exceed what it may carry in any plan, so some of them must leave. */
export type ForcedTerritory = DeepReadonly<z.output<typeof forcedTerritorySchema>>;
export type Compactness = DeepReadonly<z.output<typeof compactnessSchema>>;
export type TerritoryCompactness = DeepReadonly<z.output<typeof territoryCompactnessSchema>>;
export type FarAccount = DeepReadonly<z.output<typeof farAccountSchema>>;
export type Outlier = DeepReadonly<z.output<typeof outlierSchema>>;
export type HullOverlap = DeepReadonly<z.output<typeof hullOverlapSchema>>;
export type ObjectiveBreakdown = DeepReadonly<z.output<typeof objectiveBreakdownSchema>>;
export type TerritoryResult = DeepReadonly<z.output<typeof territoryResultSchema>>;
export type HiringResult = DeepReadonly<z.output<typeof hiringSchema>>;
