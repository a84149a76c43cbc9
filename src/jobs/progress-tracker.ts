/**
 * A running job's progress from its thread's messages (runner.ts). A solve's is its latest snapshot
 * (toJobProgress). A frontier's adds the points solved so far, and its percent counts the solves
 * planned: a point done is one share, the point under way its part of one. A point just solved is
 * `urgent`: written to the store at once rather than at the next progress write, because a client
 * following the job waits for exactly that.
 */
import { plannedSolves } from '../../solver/index.ts';
import type { ProgressMessage } from '../workers/messages.ts';
import { toJobProgress, type FrontierProgressPoint, type Job, type JobProgress } from './job.ts';

export type ProgressTracker = (message: ProgressMessage) => { readonly progress: JobProgress; readonly urgent: boolean };

export function progressTracker(job: Pick<Job, 'kind' | 'frontier' | 'timeLimitSeconds' | 'progress'>): ProgressTracker {
  const spec = job.kind === 'frontier' ? job.frontier : null;
  if (!spec) {
    return (message) => ({ progress: 'frontierPoint' in message ? job.progress : toJobProgress(message, job.timeLimitSeconds), urgent: false });
  }
  const planned = plannedSolves(spec);
  const points: FrontierProgressPoint[] = [];
  let current: JobProgress = { ...job.progress, frontier: { planned, points: [] } };
  return (message) => {
    const urgent = 'frontierPoint' in message;
    if (urgent) {
      points.push(message.frontierPoint);
      const percent = Math.min(99, (points.length / planned) * 100);
      current = { ...current, percent: Math.round(percent * 10) / 10, frontier: { planned, points: [...points] } };
    } else {
      // The point under way, as its own solve reports it: its share of the budget, scaled to one point's.
      const point = toJobProgress(message, spec.timeLimitSecondsPerPoint);
      const percent = Math.min(99, ((points.length + point.percent / 100) / planned) * 100);
      current = { ...point, percent: Math.round(percent * 10) / 10, frontier: { planned, points: [...points] } };
    }
    return { progress: current, urgent };
  };
}
