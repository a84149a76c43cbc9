/**
 * The territory design problem: the public input contract (see docs/problem-format.md).
 *
 * One zod schema per boundary: this is the schema of a problem document. Shape is checked here;
 * cross-references (a lock naming a rep that exists, matrix dimensions) are checked in
 * `validate.ts`, which returns issues with the JSON path of the bad field.
 */
import { z } from 'zod';

const finite = z.number().finite();
const nonNegative = finite.min(0);
const id = z.string().min(1, 'must be a non-empty string');

/** Call channels. `in_person` calls cost travel; `phone` and `video` do not. */
export const CHANNELS = ['in_person', 'phone', 'video'] as const;
export type Channel = (typeof CHANNELS)[number];

/** An account (customer or prospect). Extra fields (CRM columns) are kept and ignored. */
export const accountSchema = z.looseObject({
  id,
  name: z.string().optional(),
  lat: finite.min(-90).max(90).optional(),
  lon: finite.min(-180).max(180).optional(),
  /** Annual revenue or potential; drives 80/20 segmentation and value balance. */
  value: nonNegative,
  /** A/B/C or any label with call patterns; derived from value when absent. */
  segment: id.optional(),
  /** Skills a rep must have to own this account. */
  skills: z.array(id).optional(),
  /** The rep that owns the account today (rebalancing measures moves against it). */
  currentRepId: id.optional(),
  /** The account must go to this rep. */
  lockedRepId: id.optional(),
  /** The account must not go to these reps. */
  excludedRepIds: z.array(id).optional(),
  /** A fixed workload in hours per year, replacing the call-pattern workload (e.g. a brick index). */
  workload: nonNegative.optional(),
});

/** A sales rep. `lat`/`lon` is the home base (required unless `travel.distanceKm` is given). */
export const repSchema = z.looseObject({
  id,
  name: z.string().optional(),
  lat: finite.min(-90).max(90).optional(),
  lon: finite.min(-180).max(180).optional(),
  /** e.g. `field`, `inside`; call patterns are per (segment, role) and balance is within a role. */
  role: id,
  /** Hours per year available for calls and travel: a hard cap on workload. */
  capacity: finite.positive(),
  skills: z.array(id).optional(),
  maxAccounts: z.number().int().min(0).optional(),
});

/** How often and how long a segment is called on by reps of a role. */
export const callPatternSchema = z.strictObject({
  segment: id,
  role: id,
  callsPerYear: nonNegative,
  minutesPerCall: nonNegative,
  channel: z.enum(CHANNELS),
});

export const travelSchema = z.strictObject({
  /** Road km per straight-line km. */
  circuityFactor: finite.min(1).default(1.3),
  speedKmh: finite.positive().default(60),
  /** Share of a round trip charged to one visit (routes chain several visits). */
  routeSharing: finite.min(0).max(1).default(0.5),
  /** Road distances in km, indexed [rep index][account index]; replaces haversine x circuity. */
  distanceKm: z.array(z.array(nonNegative)).optional(),
});

export const balanceSchema = z.strictObject({
  /** Each rep's workload within ±tolerance of its capacity-proportional share of its role. */
  workloadTolerance: finite.min(0).max(1).default(0.1),
  /** The same for account value; null switches value balance off. */
  valueTolerance: finite.min(0).max(1).nullable().default(0.2),
  /** `hard`: bands are constraints. `soft`: leaving a band is allowed at a penalty. */
  mode: z.enum(['hard', 'soft']).default('hard'),
  /**
   * Soft mode only: objective units charged per 1% of a typical share (the mean rep capacity for
   * workload, the mean value per rep for value) that a rep lies outside its band.
   * The default (1000) makes any band violation dearer than realistic travel savings.
   */
  softPenalty: nonNegative.default(1000),
});

export const objectiveSchema = z.strictObject({
  travelWeight: nonNegative.default(1),
  /** `visits`: annual in-person km driven. `distance`: sum of home-to-account km (compactness). */
  travel: z.enum(['visits', 'distance']).default('visits'),
  disruptionWeight: nonNegative.default(0),
  /** What a move costs: the account's workload, its value, or 1 per account. */
  disruptionMeasure: z.enum(['workload', 'value', 'accounts']).default('workload'),
  /** At most this many accounts leave their current rep. */
  maxMoves: z.number().int().min(0).optional(),
  /** Accounts of these segments stay with their current rep (e.g. ["A"]). */
  frozenSegments: z.array(id).default([]),
});

export const optionsSchema = z.strictObject({
  timeLimitSeconds: finite.positive().default(30),
  /** Relative gap at which the solve stops; default 0.0001 on small models, 0.005 on large ones. */
  mipGap: finite.min(0).max(1).optional(),
  seed: z.number().int().min(0).default(0),
});

export const segmentationSchema = z.strictObject({
  /** Accounts making up the top `aValueShare` of total value are A. */
  aValueShare: finite.min(0).max(1).default(0.8),
  /** The next `bValueShare` of value is B; the rest is C. */
  bValueShare: finite.min(0).max(1).default(0.15),
});

export const capacityReportSchema = z.strictObject({
  /** Utilisation a healthy rep runs at; headcount needed is computed at it. */
  targetUtilization: finite.positive().max(1).default(0.85),
  /** Working weeks per year, for calls per week. */
  weeksPerYear: finite.positive().max(53).default(46),
});

export const quotasSchema = z.strictObject({
  /** The organisation's target, split across territories in proportion to their value. */
  orgTarget: nonNegative,
});

export const problemSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  accounts: z.array(accountSchema).min(1, 'needs at least one account'),
  reps: z.array(repSchema).min(1, 'needs at least one rep'),
  callPatterns: z.array(callPatternSchema).default([]),
  travel: travelSchema.default(travelSchema.parse({})),
  balance: balanceSchema.default(balanceSchema.parse({})),
  objective: objectiveSchema.default(objectiveSchema.parse({})),
  options: optionsSchema.default(optionsSchema.parse({})),
  segmentation: segmentationSchema.default(segmentationSchema.parse({})),
  capacityReport: capacityReportSchema.default(capacityReportSchema.parse({})),
  quotas: quotasSchema.optional(),
});

/** A problem as a user writes it (defaults optional). */
export type ProblemInput = z.input<typeof problemSchema>;
/** A problem with every default filled in. */
export type Problem = z.output<typeof problemSchema>;
export type Account = z.output<typeof accountSchema>;
export type Rep = z.output<typeof repSchema>;
export type CallPattern = z.output<typeof callPatternSchema>;
