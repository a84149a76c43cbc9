/**
 * A job's progress percent: the share of the solve's budget used as the run context reports it (of
 * the work budget or the time limit, whichever is further), else the wall seconds of the time limit;
 * at most 99 until the job ends.
 */
import { describe, expect, it } from 'vitest';
import { toJobProgress } from '../../src/jobs/job.ts';

const snapshot = { phase: 'mip', incumbent: 10, bound: 9, gap: 0.1 };

describe('toJobProgress', () => {
  it('reads the share of the budget used when the solve reports it', () => {
    // 6 s of a 20 s limit on the wall, but 45% of the work budget done: the work decides.
    expect(toJobProgress({ ...snapshot, seconds: 6, used: 0.45 }, 20)).toEqual({ phase: 'mip', percent: 45, incumbent: 10, bound: 9, gap: 0.1 });
    expect(toJobProgress({ ...snapshot, seconds: 6, used: 1 }, 20).percent).toBe(99);
  });

  it('falls back to the wall seconds of the time limit', () => {
    expect(toJobProgress({ ...snapshot, seconds: 5 }, 20).percent).toBe(25);
    expect(toJobProgress({ ...snapshot, seconds: 50 }, 20).percent).toBe(99);
  });
});
