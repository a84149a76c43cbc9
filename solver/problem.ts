/**
 * The territory design problem: the public input contract (see docs/problem-format.md).
 *
 * One zod schema per boundary: this is the schema of a problem document. Shape is checked here;
 * cross-references (a lock naming a rep that exists, matrix dimensions) are checked in
 * `validate.ts`, which returns issues with the JSON path of the bad field. Each field carries the
 * description and example the OpenAPI document at /docs shows, written for the sales-ops user who
 * fills it in (units, defaults, what it changes).
 */
import { z } from 'zod';
import { documented } from './documented.ts';
import { candidateSitesSchema, hireSchema, retireSchema } from './hiring-schema.ts';

const finite = z.number().finite();
const nonNegative = finite.min(0);
const id = z.string().min(1, 'must be a non-empty string');

/** Call channels. `in_person` calls cost travel; `phone` and `video` do not. */
export const CHANNELS = ['in_person', 'phone', 'video'] as const;
export type Channel = (typeof CHANNELS)[number];

/** An account (customer or prospect). Extra fields (CRM columns) are kept and ignored. */
export const accountSchema = z.looseObject({
  id: documented(id, 'Your unique id for the account (e.g. its CRM id). Assignments, moves, locks and the CSV export refer to it.', 'stuttgart'),
  name: documented(z.string(), 'Display name, shown in reports, GeoJSON and the CSV export.', 'Stuttgart').optional(),
  lat: documented(finite.min(-90).max(90), 'Latitude in degrees (WGS 84). Required unless travel.distanceKm is given.', 48.78232).optional(),
  lon: documented(finite.min(-180).max(180), 'Longitude in degrees (WGS 84). Required unless travel.distanceKm is given.', 9.17702).optional(),
  value: documented(nonNegative, 'Annual revenue or potential of the account, in your currency (>= 0). Ranks accounts into the 80/20 A/B/C segments and is what value balance spreads fairly across reps.', 2600000),
  segment: documented(id, 'Segment label: A, B, C or any label that has call patterns. When absent it is derived from value by the 80/20 rule (see segmentation).', 'A').optional(),
  skills: documented(z.array(id), 'Skills the owning rep must all have (e.g. a product line or a language). Default: none.', ['key-account']).optional(),
  currentRepId: documented(id, 'The rep who owns the account today. Moves are counted against it; an id that is not in reps is a warning and the account counts as unassigned today.', 'anna').optional(),
  lockedRepId: documented(id, 'The account must go to this rep (a hard constraint). Must name a rep in reps.', 'anna').optional(),
  excludedRepIds: documented(z.array(id), 'The account must not go to any of these reps.', ['clara']).optional(),
  workload: documented(nonNegative, 'A fixed workload in hours per year that replaces the call-pattern workload; no travel hours are added to it (e.g. a pharma brick index). Default: computed from the call pattern of the account\'s segment and the rep\'s role.', 48).optional(),
}).describe('An account (customer or prospect) to assign to exactly one rep. Extra fields (CRM columns) are kept and ignored.');

/** A sales rep. `lat`/`lon` is the home base (required unless `travel.distanceKm` is given). */
export const repSchema = z.looseObject({
  id: documented(id, 'Your unique id for the rep (e.g. the CRM user id).', 'anna'),
  name: documented(z.string(), 'Display name, shown in reports.', 'Anna (field, Stuttgart)').optional(),
  lat: documented(finite.min(-90).max(90), 'Latitude of the rep\'s home base in degrees (WGS 84), where trips start. Required unless travel.distanceKm is given.', 48.78232).optional(),
  lon: documented(finite.min(-180).max(180), 'Longitude of the rep\'s home base in degrees (WGS 84). Required unless travel.distanceKm is given.', 9.17702).optional(),
  role: documented(id, 'The rep\'s role, e.g. field or inside. Call patterns are set per (segment, role), and workload and value are balanced among reps of the same role.', 'field'),
  capacity: documented(finite.positive(), 'Hours per year the rep has for calls and travel on this book of business (> 0). A hard cap on the rep\'s workload, and the weight of the rep in balance: a rep with twice the capacity gets twice the share of the role\'s workload and value.', 110),
  skills: documented(z.array(id), 'Skills the rep has; an account that needs skills can only go to a rep with all of them. Default: none.', ['key-account']).optional(),
  maxAccounts: documented(z.number().int().min(0), 'At most this many accounts in the rep\'s territory (integer >= 0). Default: no limit.', 40).optional(),
  maxHandoffs: documented(z.number().int().min(0), 'At most this many of the rep\'s current accounts (those whose currentRepId is this rep) go to other reps (integer >= 0). Default: no limit.', 5).optional(),
  maxTakeovers: documented(z.number().int().min(0), 'At most this many accounts that today belong to another rep come to this rep (integer >= 0). Accounts without a current owner are new business, not takeovers. Default: no limit.', 5).optional(),
  tier: documented(z.number().int().min(1), 'The rep\'s strength tier: 1 the strongest, 2 the next, and so on. With objective.tierWeight, accounts of high value go to the strongest reps first (matching reps\' strengths to territories). Default 1.', 1).optional(),
  prospectingHours: documented(nonNegative, 'Hours per year reserved for prospecting new business, not assignable to accounts (>= 0, below capacity). The rep\'s hours for accounts are capacity - prospectingHours: that is its hard cap and its weight in balance. Default 0.', 200).optional(),
}).describe('A sales rep who can own a territory. Extra fields are kept and ignored.');

/** How often and how long a segment is called on by reps of a role. */
export const callPatternSchema = z.strictObject({
  segment: documented(id, 'The account segment this pattern applies to (A, B, C or your own label).', 'A'),
  role: documented(id, 'The rep role this pattern applies to. Only reps of a role with a pattern for an account\'s segment may own that account.', 'field'),
  callsPerYear: documented(nonNegative, 'Calls per account per year, e.g. 24 for twice a month.', 24),
  minutesPerCall: documented(nonNegative, 'Minutes per call at the account, without travel.', 60),
  channel: documented(z.enum(CHANNELS), 'in_person: a visit; its travel time is added to the workload and its km to travel. phone and video: no travel.', 'in_person'),
}).describe('How often and how long accounts of a segment are called on by reps of a role; one pattern per (segment, role).');

export const travelSchema = z.strictObject({
  circuityFactor: documented(finite.min(1), 'Road km per straight-line km (>= 1). Also applied to distanceKm: set it to 1 when the matrix already holds road km. Default 1.3.', 1.3).default(1.3),
  speedKmh: documented(finite.positive(), 'Average driving speed in km/h, which turns road km into travel hours. Default 60.', 60).default(60),
  routeSharing: documented(finite.min(0).max(1), 'Fraction of a round trip charged to one visit (0 to 1): a day\'s route chains several visits. Default 0.5.', 0.5).default(0.5),
  distanceKm: documented(z.array(z.array(nonNegative)), 'Road distances in km from each rep\'s home to each account: one row per rep and one value per account, in the order of reps and accounts. Replaces the straight-line distance from coordinates. Default: computed from lat/lon.', [[0, 83.6], [83.6, 0]]).optional(),
});

export const balanceSchema = z.strictObject({
  workloadTolerance: documented(finite.min(0).max(1), 'How far each rep\'s workload may lie from its fair share, as a fraction (0.1 = ±10%). The fair share is the role\'s total workload split in proportion to capacity. Default 0.1.', 0.1).default(0.1),
  valueTolerance: documented(finite.min(0).max(1).nullable(), 'The same band for account value, as a fraction (0.2 = ±20%); null switches value balance off. Default 0.2.', 0.2).default(0.2),
  mode: documented(z.enum(['hard', 'soft']), 'hard: every rep must lie inside its bands (otherwise the problem is infeasible and the result says why). soft: a rep may leave its band at a penalty (softPenalty). Default hard.', 'hard').default('hard'),
  softPenalty: documented(nonNegative, 'Soft mode only: objective units charged per 1% of a typical share (the mean rep capacity for workload, the mean value per rep for value) that a rep lies outside its band. Default 1000, which makes leaving a band dearer than any realistic travel saving.', 1000).default(1000),
});

/** One level of distance limits (global, a role's or a segment's); unset fields fall back to the less specific level. */
export const limitRuleSchema = z.strictObject({
  maxDistanceKm: documented(finite.positive(), 'Most road km from the rep\'s home to the account: straight-line (or matrix) km x circuityFactor, the km the model uses. Default: no limit.', 80).optional(),
  maxTravelMinutes: documented(finite.positive(), 'Most minutes of one-way driving from the rep\'s home to the account, at travel.speedKmh over the same road km. Default: no limit.', 90).optional(),
  mode: documented(z.enum(['hard', 'soft']), 'hard: a rep beyond the limit may not own the account. soft: it may, at penaltyPerKm per road km beyond. Default hard.', 'hard').optional(),
  penaltyPerKm: documented(nonNegative, 'Soft mode only: objective units charged per road km beyond the limit (one-way, per account). Default 100.', 100).optional(),
});

export const limitsSchema = z.strictObject({
  ...limitRuleSchema.shape,
  byRole: documented(z.record(id, limitRuleSchema), 'Limits for the reps of a role, by role name; they override the global fields they set.', { inside: { maxDistanceKm: 400 } }).optional(),
  bySegment: documented(z.record(id, limitRuleSchema), 'Limits for the accounts of a segment, by segment label; they override the role and global fields they set.', { A: { maxDistanceKm: 60, mode: 'hard' } }).optional(),
});

export const objectiveSchema = z.strictObject({
  mode: documented(z.enum(['auto', 'weighted', 'rebalance']), 'weighted: minimise travelWeight x travel + disruptionWeight x disruption (+ the other terms). rebalance: first fix what is broken (capacity, bands, owners who may not keep an account) with the fewest moves, each costing moveCostBySegment of the account\'s segment, then the least weighted objective among the plans with that move cost. auto: rebalance when more than half of the accounts have a currentRepId and travelWeight, disruptionWeight and maxMoves are at their defaults (nobody said how to weigh moves against travel), else weighted. Default auto.', 'rebalance').default('auto'),
  moveCostBySegment: documented(z.record(id, nonNegative), 'Rebalance mode: what an account leaving its current rep costs, by segment label; a segment not named costs 1. Default { A: 4, B: 2, C: 1 }: an A account moves only to save four C moves.', { A: 4, B: 2, C: 1 }).default({ A: 4, B: 2, C: 1 }),
  travelWeight: documented(nonNegative, 'Weight of travel in the objective (which is minimised). Default 1.', 1).default(1),
  travel: documented(z.enum(['visits', 'distance']), 'What travel counts. visits: road km driven per year for in-person calls. distance: the sum of home-to-account km (compact territories, as in p-median models). Default visits.', 'visits').default('visits'),
  disruptionWeight: documented(nonNegative, 'Weight of disruption (accounts leaving their current rep) in the objective, per unit of disruptionMeasure; 0 ignores disruption. Default 0.', 0).default(0),
  disruptionMeasure: documented(z.enum(['workload', 'value', 'accounts']), 'What a move costs: workload = the account\'s hours per year with its current rep, value = its value, accounts = 1 per account. Default workload.', 'workload').default('workload'),
  maxMoves: documented(z.number().int().min(0), 'At most this many accounts may leave their current rep (integer >= 0). Default: no limit.', 3).optional(),
  frozenSegments: documented(z.array(id), 'Accounts of these segments stay with their current rep, e.g. ["A"] to keep key relationships. Default [].', ['A']).default([]),
  tierWeight: documented(nonNegative, 'Weight of matching strength to value: objective units per tier below 1 for an account of average value, i.e. tierWeight x (value / mean account value) x (tier - 1) for each account. 0 switches it off. Default 0.', 50).default(0),
  compactnessWeight: documented(nonNegative, 'Weight of the stretch penalty: objective units per road km by which an account\'s rep lies beyond twice the road km of the nearest eligible rep of the same role (see docs/architecture.md, "Compactness"). 0 switches it off. Default 0.', 100).default(0),
});

export const optionsSchema = z.strictObject({
  timeLimitSeconds: documented(finite.positive(), 'Seconds the solver may search. When it runs out, it returns its best plan and the proven bound. Default 30.', 30).default(30),
  mipGap: documented(finite.min(0).max(1), 'Relative gap (fraction) at which the search stops: 0.01 stops once the plan is proven within 1% of the best possible. Default 0.0001 on models up to 20,000 eligible account-rep pairs, 0.005 above.', 0.0001).optional(),
  seed: documented(z.number().int().min(0), 'Seed of the heuristics (integer >= 0): the same problem and seed give the same plan when the solve ends on a proof, its gap target or its work budget (see budget), on any machine. Default 0.', 0).default(0),
  budget: documented(z.enum(['work', 'wall']), 'What ends a search that is not proven first. work: a fixed amount of counted work (workLimitSeconds), so the same problem and seed give the same plan on any machine and at any load; timeLimitSeconds stays the safety net, and solver.endedBy says time when a slow or busy machine reached it first. wall: the time limit, all of it used; when it ends the search, another run may give another plan. Default work.', 'work').default('work'),
  workLimitSeconds: documented(finite.positive(), 'The work budget (budget work), in seconds of work on the reference machine of BENCHMARKS.md (a machine twice as fast does it in half the time). Default 0.6 x timeLimitSeconds.', 12).optional(),
});

export const segmentationSchema = z.strictObject({
  aValueShare: documented(finite.min(0).max(1), 'Fraction of total value covered by A accounts: the accounts making up the top 80% of value are A. Default 0.8.', 0.8).default(0.8),
  bValueShare: documented(finite.min(0).max(1), 'Fraction of total value covered by B accounts, after the A accounts; the rest are C. Default 0.15.', 0.15).default(0.15),
});

export const capacityReportSchema = z.strictObject({
  targetUtilization: documented(finite.positive().max(1), 'Utilisation a healthy rep runs at (fraction, up to 1); the headcount needed is computed at it. Default 0.85.', 0.85).default(0.85),
  weeksPerYear: documented(finite.positive().max(53), 'Working weeks per year, for calls per week. Default 46.', 46).default(46),
});

export const transitionSchema = z.strictObject({
  introCallMinutes: documented(nonNegative, 'Minutes of the introduction call a new owner makes to each account it takes over from another rep (first year only). Default: one call of the account\'s call pattern for the new rep\'s role (its minutesPerCall; 0 for a fixed-workload account without one).', 45).optional(),
  countAgainstCapacity: documented(z.boolean(), 'true: the introduction hours count against the new owner\'s capacity (its hard cap), not its balance band. false: they are only reported (capacity report, transitionHours). Default false.', false).default(false),
});

export const quotasSchema = z.strictObject({
  orgTarget: documented(nonNegative, 'The organisation\'s sales target for the year, in the currency of value; split across territories in proportion to their value.', 10000000),
});

/** Two accounts of data/tiny.json, as a field example (the request examples hold the whole file). */
const exampleAccounts = [
  { id: 'stuttgart', name: 'Stuttgart', lat: 48.78232, lon: 9.17702, value: 2600000, currentRepId: 'anna' },
  { id: 'karlsruhe', name: 'Karlsruhe', lat: 49.00937, lon: 8.40444, value: 2200000, currentRepId: 'ben' },
];
const exampleReps = [
  { id: 'anna', name: 'Anna (field, Stuttgart)', lat: 48.78232, lon: 9.17702, role: 'field', capacity: 110 },
  { id: 'ben', name: 'Ben (field, Karlsruhe)', lat: 49.00937, lon: 8.40444, role: 'field', capacity: 100 },
];

export const problemSchema = z.strictObject({
  name: documented(z.string(), 'A name for the problem; copied into the result.', 'Tiny example: Stuttgart and Karlsruhe').optional(),
  description: documented(z.string(), 'Free text for people reading the problem (sources, assumptions); not used by the solver.', 'Twelve accounts between Stuttgart and Karlsruhe, two field reps and one inside rep.').optional(),
  accounts: documented(z.array(accountSchema).min(1, 'needs at least one account'), 'The accounts to assign (at least one). Every account goes to exactly one eligible rep.', exampleAccounts),
  reps: documented(z.array(repSchema).min(1, 'needs at least one rep'), 'The reps (at least one). A rep may end up with no accounts.', exampleReps),
  callPatterns: documented(z.array(callPatternSchema), 'How often and how long each segment is called on, per rep role; they turn accounts into hours of workload. Default [] (allowed only when every account has a fixed workload).', [
    { segment: 'A', role: 'field', callsPerYear: 24, minutesPerCall: 60, channel: 'in_person' },
    { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person' },
    { segment: 'C', role: 'inside', callsPerYear: 12, minutesPerCall: 20, channel: 'phone' },
  ]).default([]),
  travel: documented(travelSchema, 'How travel time and km are computed from the rep\'s home to the account. Defaults: circuityFactor 1.3, speedKmh 60, routeSharing 0.5, straight-line distances from lat/lon.', { circuityFactor: 1.3, speedKmh: 60, routeSharing: 0.5 }).default(travelSchema.parse({})),
  balance: documented(balanceSchema, 'How evenly workload and value are spread among the reps of each role. Defaults: workload ±10%, value ±20%, hard bands.', { workloadTolerance: 0.1, valueTolerance: 0.2, mode: 'hard' }).default(balanceSchema.parse({})),
  objective: documented(objectiveSchema, 'What the solver minimises among the plans that satisfy every hard constraint: travelWeight x travel + disruptionWeight x disruption (+ soft band penalties). Defaults: travel only, in road km per year.', { travelWeight: 1, travel: 'visits', disruptionWeight: 0 }).default(objectiveSchema.parse({})),
  options: documented(optionsSchema, 'Solver settings: time limit, gap target, seed.', { timeLimitSeconds: 30, seed: 0 }).default(optionsSchema.parse({})),
  segmentation: documented(segmentationSchema, 'The 80/20 rule that derives A/B/C segments from value for accounts without a segment. Defaults: A covers 80% of value, B the next 15%.', { aValueShare: 0.8, bValueShare: 0.15 }).default(segmentationSchema.parse({})),
  capacityReport: documented(capacityReportSchema, 'Settings of the capacity report (is the sales force big enough?). Defaults: 85% target utilisation, 46 working weeks.', { targetUtilization: 0.85, weeksPerYear: 46 }).default(capacityReportSchema.parse({})),
  limits: documented(limitsSchema, 'How far a rep may be from its accounts: a global limit, per role (byRole) and per segment (bySegment); for each field the segment\'s value wins over the role\'s, which wins over the global one. Default: no limits.', { maxDistanceKm: 150, mode: 'hard', bySegment: { A: { maxDistanceKm: 80 } } }).optional(),
  transition: documented(transitionSchema, 'The first year\'s cost of a move: the new owner\'s introduction call to every account it takes over, reported per rep and, with countAgainstCapacity, held within its capacity. Default: one call of the account\'s pattern length, reported only.', { introCallMinutes: 45, countAgainstCapacity: true }).default(transitionSchema.parse({})),
  quotas: documented(quotasSchema, 'Splits an organisation target into per-territory quotas by value. Default: no quotas.', { orgTarget: 10000000 }).optional(),
  candidateSites: documented(candidateSitesSchema, 'Where reps may be hired to live (see hire): candidate home bases with an optional cost. Needs coordinates (not with travel.distanceKm).', [{ id: 'wuerzburg', name: 'Würzburg', lat: 49.79391, lon: 9.95121 }, { id: 'ulm', name: 'Ulm', lat: 48.40108, lon: 9.98761, cost: 5000 }]).optional(),
  hire: documented(hireSchema, 'Hire reps: the solve first chooses their home bases among candidateSites (a capacitated facility location, see docs/location.md), then designs the territories with them; the result\'s hiring section says where and what changes. Needs candidateSites. Default: no hire.', { role: 'field', count: 1, capacity: 1100 }).optional(),
  retire: documented(retireSchema, 'Let reps go: the solve chooses which of the role\'s reps, together with the territories (and any hires), then designs the territories without them. Default: nobody.', { count: 1, role: 'field' }).optional(),
}).describe('A territory design problem: accounts, reps, how often accounts are called on, and what a good plan is.');

/** A problem as a user writes it (defaults optional). */
export type ProblemInput = z.input<typeof problemSchema>;
/** A problem with every default filled in. */
export type Problem = z.output<typeof problemSchema>;
export type Account = z.output<typeof accountSchema>;
export type Rep = z.output<typeof repSchema>;
export type CallPattern = z.output<typeof callPatternSchema>;
export type Limits = z.output<typeof limitsSchema>;
