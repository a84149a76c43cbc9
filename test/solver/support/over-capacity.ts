/**
 * A named, hand-made rebalancing case whose one move and its destination are known by hand:
 *
 *   Stuttgart (capacity 100 h) owns Freiburg (30 h, needs key-account) and a 90 h account locked
 *   to it: 120 h today, so Freiburg must leave. By road km from Freiburg:
 *     Stuttgart 140 km (the current rep), Ulm 180 km (no key-account skill),
 *     Augsburg 250 km (key-account, but 95 h locked there: 5 h left, Freiburg needs 30 h),
 *     Munich 277 km (key-account, empty): the only rep that may take it.
 * Bands are loose (tolerance 1, no value band) so only capacity and skills decide.
 */
import type { ProblemInput } from '../../../solver/problem.ts';

export const overCapacity: ProblemInput = {
  name: 'over capacity',
  accounts: [
    { id: 'acc-1', name: 'Freiburg', value: 100, segment: 'A', workload: 30, skills: ['key-account'], currentRepId: 'stg' },
    { id: 'acc-2', name: 'Esslingen', value: 100, segment: 'A', workload: 90, currentRepId: 'stg', lockedRepId: 'stg' },
    { id: 'acc-3', name: 'Landsberg', value: 100, segment: 'A', workload: 95, currentRepId: 'aug', lockedRepId: 'aug' },
  ],
  reps: [
    { id: 'stg', name: 'Stuttgart', role: 'field', capacity: 100, skills: ['key-account'] },
    { id: 'ulm', name: 'Ulm', role: 'field', capacity: 100 },
    { id: 'aug', name: 'Augsburg', role: 'field', capacity: 100, skills: ['key-account'] },
    { id: 'muc', name: 'Munich', role: 'field', capacity: 100, skills: ['key-account'] },
  ],
  callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }],
  travel: {
    distanceKm: [
      [140, 10, 150],
      [180, 80, 60],
      [250, 150, 10],
      [277, 220, 60],
    ],
  },
  balance: { workloadTolerance: 1, valueTolerance: null },
  objective: { travel: 'distance' },
  options: { mipGap: 0 },
};

/** The one move's explanation, written out by hand from the numbers above. */
export const overCapacityExplanation =
  'Freiburg (acc-1): Stuttgart is over capacity today (120 h of 100 h); goes to Munich, 277 km away, '
  + 'the nearest other rep with the key-account skill and room '
  + '(nearer: Ulm, 180 km, lacks the key-account skill; Augsburg, 250 km, has 5 h of 100 h left and needs 30 h)';
