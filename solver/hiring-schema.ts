/**
 * Where to hire and whom to let go, as fields of a problem document (docs/location.md): the
 * candidate home sites of new reps, the hiring question, and the reps to let go. Shape only; what
 * they refer to (a role that exists, sites enough for the count) is checked in validate-hiring.ts.
 */
import { z } from 'zod';
import { documented } from './documented.ts';

const id = z.string().min(1, 'must be a non-empty string');

/** A place a rep could be hired to live (a candidate home base). */
export const candidateSiteSchema = z.strictObject({
  id: documented(id, 'Your unique id for the site; the rep hired there gets the id hire-<site id>.', 'ulm'),
  name: documented(z.string(), 'Display name, shown in the result and the new rep\'s name.', 'Ulm').optional(),
  lat: documented(z.number().finite().min(-90).max(90), 'Latitude of the site in degrees (WGS 84): the new rep\'s home base.', 48.40108),
  lon: documented(z.number().finite().min(-180).max(180), 'Longitude of the site in degrees (WGS 84).', 9.98761),
  cost: documented(z.number().finite().min(0), 'What hiring at this site costs, in objective units (e.g. a one-off relocation or a yearly office cost priced like km of travel), added to the location choice\'s objective when the site is chosen (>= 0). Default 0.', 5000).optional(),
}).describe('A candidate home base for a rep to hire.');
export const candidateSitesSchema = z.array(candidateSiteSchema).min(1, 'needs at least one site');
export type CandidateSite = z.output<typeof candidateSiteSchema>;

export const hireSchema = z.strictObject({
  role: documented(id, 'The role of the reps to hire: a role of some rep or call pattern.', 'field'),
  count: documented(z.union([z.number().int().min(1), z.literal('auto')]), 'How many reps to hire (integer >= 1, at most the number of candidateSites), or "auto": as many as the capacity report says the role needs at the target utilisation (its deficit in FTE rounded up, plus the reps let go of the role); none when it has a surplus.', 2),
  capacity: documented(z.number().finite().positive(), 'Hours per year each hire has for calls and travel (> 0), as reps[].capacity.', 1100),
  skills: documented(z.array(id), 'Skills each hire has, as reps[].skills. Default: none.', ['key-account']).optional(),
}).describe('Hire count reps of a role: the engine chooses their home bases among candidateSites together with the territories.');
export type HireInput = z.output<typeof hireSchema>;

export const retireSchema = z.strictObject({
  count: documented(z.number().int().min(1), 'How many of today\'s reps of the role to let go (integer >= 1, at most the role\'s reps); the engine chooses which, together with the territories.', 1),
  role: documented(id, 'The role of the reps to let go. Default: hire.role, or the only role when the reps have one.', 'field').optional(),
}).describe('Let count reps of a role go: the engine chooses whom, together with the territories (and the hires, with hire).');
export type RetireInput = z.output<typeof retireSchema>;
