/** A tiny problem each worker solves at start, so HiGHS is compiled and warm before real work. */
export const WARMUP_PROBLEM = {
  name: 'warm-up',
  accounts: [
    { id: 'a1', lat: 52.52, lon: 13.4, value: 100 },
    { id: 'a2', lat: 52.4, lon: 13.05, value: 60 },
    { id: 'a3', lat: 52.6, lon: 13.3, value: 30 },
  ],
  reps: [
    { id: 'r1', lat: 52.5, lon: 13.4, role: 'field', capacity: 100 },
    { id: 'r2', lat: 52.4, lon: 13.1, role: 'field', capacity: 100 },
  ],
  callPatterns: ['A', 'B', 'C'].map((segment) => ({ segment, role: 'field', callsPerYear: 4, minutesPerCall: 30, channel: 'in_person' as const })),
  balance: { workloadTolerance: 1, valueTolerance: null },
  options: { timeLimitSeconds: 5 },
};
