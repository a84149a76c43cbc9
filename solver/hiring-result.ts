/**
 * The result's `hiring` section (docs/result-format.md): where the engine hired and whom it let go,
 * how well the location choice is proven, and what changes against today's alignment. Part of the
 * result schema (result.ts), so the OpenAPI document shows it and results are checked against it.
 */
import { z } from 'zod';
import { documented } from './documented.ts';
import { SOLVE_STATUSES } from './types.ts';

const count = z.number().int().min(0);

export const hiredSiteSchema = z.strictObject({
  id: documented(z.string(), 'The candidate site.', 'ulm'),
  name: documented(z.string(), 'Its name, when the problem gives one.', 'Ulm').optional(),
  lat: documented(z.number(), 'Latitude of the site (the new rep\'s home base).', 48.40108),
  lon: documented(z.number(), 'Longitude of the site.', 9.98761),
  repId: documented(z.string(), 'The new rep\'s id in assignments and territories: hire-<site id>.', 'hire-ulm'),
  cost: documented(z.number(), 'The site\'s cost (candidateSites[].cost; 0 when not given).', 0),
  accounts: documented(count, 'Accounts the new rep owns in the plan (0 without a plan).', 19),
});

export const retiredRepSchema = z.strictObject({
  repId: documented(z.string(), 'The rep let go.', 'field-passau'),
  repName: documented(z.string(), 'Its name, when the problem gives one.', 'Jonas (field, Passau)').optional(),
  role: documented(z.string(), 'Its role.', 'field'),
  accountsToday: documented(count, 'Accounts it owns today (currentRepId): they all move.', 21),
});

export const locationFactsSchema = z.strictObject({
  status: documented(z.enum(SOLVE_STATUSES), 'How the location choice ended: optimal (proven), feasible, timedout (the best choice found in its share of the budget, with the proven bound), infeasible (no choice lets the role\'s accounts fit within the reps\' capacities: no plan exists), error.', 'optimal'),
  objective: documented(z.number().nullable(), 'Cost of the choice: the territory model\'s pair costs (travel, disruption) over the role\'s accounts at their reps in the location plan, plus the chosen sites\' costs; null without a choice.', 48210.5),
  bound: documented(z.number().nullable(), 'Proven lower bound on the cost of any choice; null when none is known.', 48210.5),
  gap: documented(z.number().nullable(), '(objective - bound) / |objective|, a fraction; null without both.', 0),
  strategy: documented(z.string(), 'The steps that found the choice (greedy, highs-mip).', 'greedy+highs-mip'),
});

const roleFiguresSchema = z.strictObject({
  reps: documented(count, 'Reps of the role.', 5),
  utilization: documented(z.number(), 'The role\'s workload over its hours for accounts (capacity - prospecting), a fraction.', 0.93),
  workloadCv: documented(z.number(), 'Coefficient of variation of workload among the role\'s reps (0 is perfectly even).', 0.12),
  headcountNeeded: documented(z.number(), 'Reps needed to carry the role\'s workload at the target utilisation (FTE), as capacity.roles[].headcountNeeded.', 5.5),
});

export const roleChangeSchema = z.strictObject({
  role: documented(z.string(), 'The role.', 'field'),
  today: documented(roleFiguresSchema, 'Today\'s alignment (currentRepId), with today\'s reps.', { reps: 5, utilization: 0.93, workloadCv: 0.12, headcountNeeded: 5.5 }),
  plan: documented(roleFiguresSchema.nullable(), 'The plan, with the hires and without the reps let go; null without a plan.', { reps: 6, utilization: 0.8, workloadCv: 0.05, headcountNeeded: 5.6 }),
});

export const hiringChangeSchema = z.strictObject({
  baseline: documented(z.literal('current-alignment'), 'What "today" is: the accounts\' currentRepId with today\'s reps, measured with the formulas of territories[] (no solve without the hires is run).', 'current-alignment'),
  unassignedToday: documented(count, 'Accounts with no current rep today: left out of today\'s figures (their travel and workload count in the plan only).', 0),
  travelKmToday: documented(z.number(), 'Road km per year for in-person calls under today\'s alignment.', 152340.2),
  travelKmPlan: documented(z.number().nullable(), 'The same in the plan; null without a plan.', 141020.7),
  roles: documented(z.array(roleChangeSchema), 'Per role: headcount, utilisation, workload balance and headcount needed, today and in the plan.', [{ role: 'field', today: { reps: 5, utilization: 0.93, workloadCv: 0.12, headcountNeeded: 5.5 }, plan: { reps: 6, utilization: 0.8, workloadCv: 0.05, headcountNeeded: 5.6 } }]),
});

export const hiringSchema = z.strictObject({
  role: documented(z.string().nullable(), 'The role hired (hire.role); null when nobody is hired.', 'field'),
  requested: documented(z.union([z.number().int(), z.literal('auto')]).nullable(), 'hire.count as given (a number or auto); null without hire.', 'auto'),
  hired: documented(count, 'Reps hired: hire.count, or what auto came to (capped at the number of sites).', 1),
  sites: documented(z.array(hiredSiteSchema), 'The chosen sites, in the order of candidateSites, each with its new rep.', [{ id: 'ulm', name: 'Ulm', lat: 48.40108, lon: 9.98761, repId: 'hire-ulm', cost: 0, accounts: 19 }]),
  retired: documented(z.array(retiredRepSchema), 'The reps let go (retire), in the order of reps; they are not in the plan.', []),
  location: documented(locationFactsSchema.nullable(), 'The location choice (sites and reps let go chosen with the territories, a capacitated facility location); null when there was nothing to choose (auto asked for no hire and nobody is let go).', { status: 'optimal', objective: 48210.5, bound: 48210.5, gap: 0, strategy: 'greedy+highs-mip' }),
  change: documented(hiringChangeSchema, 'What changes against today: travel, and per role headcount, utilisation, balance and headcount needed.', {
    baseline: 'current-alignment', unassignedToday: 0, travelKmToday: 152340.2, travelKmPlan: 141020.7,
    roles: [{ role: 'field', today: { reps: 5, utilization: 0.93, workloadCv: 0.12, headcountNeeded: 5.5 }, plan: { reps: 6, utilization: 0.8, workloadCv: 0.05, headcountNeeded: 5.6 } }],
  }),
  message: documented(z.string(), 'A note when the hiring did not go as asked (no hire needed, fewer sites than auto asked for, no choice fits).', 'the capacity report says the field reps carry the demand at the target utilisation: no hire needed').optional(),
});
