/**
 * A problem with a small body and a large model: every account may go to every rep of one role, so
 * `accounts x reps` pairs come from a few hundred kilobytes of JSON. The crash-safety tests use it
 * where they need a job that holds a lot of memory (compiling 2,000 x 3,000 keeps 6 M pairs, some
 * 400 MB, for the whole solve) or that spends seconds in `compile`, where the solver does not look
 * at its stop flag. Feasible (soft bands, capacity to spare).
 */
import { mulberry32 } from '../../../solver/heuristics/prng.ts';
import type { ProblemInput } from '../../../solver/index.ts';

export function wideProblem(accounts: number, reps: number, timeLimitSeconds: number): ProblemInput {
  const rng = mulberry32(7);
  const at = () => ({ lat: 47.5 + rng() * 7, lon: 6 + rng() * 9 });
  return {
    name: `wide-${accounts}x${reps}`,
    accounts: Array.from({ length: accounts }, (_, i) => ({ id: `a${i}`, ...at(), value: 1 + Math.floor(rng() * 1000) })),
    reps: Array.from({ length: reps }, (_, j) => ({ id: `r${j}`, ...at(), role: 'field', capacity: 2000 })),
    callPatterns: ['A', 'B', 'C'].map((segment) => ({ segment, role: 'field', callsPerYear: 4, minutesPerCall: 30, channel: 'in_person' as const })),
    // Soft bands: capacity alone decides feasibility, so the solve never ends early on a proof of infeasibility.
    balance: { mode: 'soft', workloadTolerance: 1, valueTolerance: null },
    options: { timeLimitSeconds, mipGap: 0 },
  };
}
