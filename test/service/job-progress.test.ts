/**
 * A job's progress percent: the share of the solve's budget used as the run context reports it (of
 * the work budget or the time limit, whichever is further), else the wall seconds of the time limit;
 * at most 99 until the job ends. A frontier's counts its points: each one solved is a share of the
 * solves planned, the one under way its part of a share, and each point just solved is written at once.
 */
import { describe, expect, it } from 'vitest';
import { INITIAL_PROGRESS, toJobProgress, type Job } from '../../src/jobs/job.ts';
import { progressTracker } from '../../src/jobs/progress-tracker.ts';

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

describe('progressTracker', () => {
  const frontierJob: Pick<Job, 'kind' | 'frontier' | 'timeLimitSeconds' | 'progress'> = {
    kind: 'frontier', frontier: { budgets: [0, 5, 10], timeLimitSecondsPerPoint: 10 }, timeLimitSeconds: 40, progress: INITIAL_PROGRESS,
  };
  const point = (maxMoves: number | null) => ({ maxMoves, status: 'optimal', plan: true, moves: 3, valueMoved: 10, disruption: 3, travel: 100, objective: 100, bound: 100, gap: 0, note: null });

  it('gives a solve its snapshot, never urgent', () => {
    const track = progressTracker({ kind: 'solve', frontier: null, timeLimitSeconds: 20, progress: INITIAL_PROGRESS });
    expect(track({ ...snapshot, seconds: 5 })).toEqual({ progress: { phase: 'mip', percent: 25, incumbent: 10, bound: 9, gap: 0.1 }, urgent: false });
  });

  it('counts a frontier\'s points against the solves planned, and a point just solved is urgent', () => {
    const track = progressTracker(frontierJob);
    // Half of the first point's budget: an eighth of four solves.
    expect(track({ ...snapshot, seconds: 1, used: 0.5 })).toEqual({ progress: { ...snapshot, percent: 12.5, frontier: { planned: 4, points: [] } }, urgent: false });
    const first = track({ frontierPoint: point(null) });
    expect(first.urgent).toBe(true);
    expect(first.progress.percent).toBe(25);
    expect(first.progress.frontier).toEqual({ planned: 4, points: [point(null)] });
    // The second point under way, on the wall clock (5 of its 10 s): 1.5 of 4.
    expect(track({ ...snapshot, seconds: 5 }).progress).toMatchObject({ percent: 37.5, frontier: { points: [point(null)] } });
    for (const b of [0, 5, 10]) track({ frontierPoint: point(b) });
    expect(track({ ...snapshot, seconds: 1 }).progress.percent).toBe(99);
  });
});
