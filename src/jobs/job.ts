/**
 * A job as the store keeps it, and the mapping from its row (the same columns in SQLite and
 * PostgreSQL): the types every other module sees, apart from the SQL that reads and writes them
 * (sqlite-store.ts, pg/job-store.ts).
 */
import { plannedSolves, type SolveProgress } from '../../solver/index.ts';
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** What a job computes: one solve (POST /v1/jobs, scenario variants) or a disruption frontier (POST /v1/frontier). */
export const JOB_KINDS = ['solve', 'frontier'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * A frontier job's parameters besides its problem, as the route admitted them (solver/frontier.ts):
 * the move budgets or the number of points, and each point's time limit after the caps.
 */
export interface FrontierSpec {
  readonly budgets?: readonly number[];
  readonly points?: number;
  readonly timeLimitSecondsPerPoint: number;
}

/**
 * One point of a frontier as it is solved (progress), and the table's row once the frontier is
 * assembled (with its place in the table and whether another point dominates it).
 */
export interface FrontierProgressPoint {
  /** The move budget; null for the plan without one. */
  readonly maxMoves: number | null;
  readonly status: string;
  readonly plan: boolean;
  readonly moves: number | null;
  readonly valueMoved: number | null;
  readonly disruption: number | null;
  readonly travel: number | null;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly note: string | null;
}

/** A frontier's progress: the solves planned (at most) and the points solved so far, in the order solved. */
export interface FrontierProgress {
  readonly planned: number;
  readonly points: readonly FrontierProgressPoint[];
}

export interface JobProgress {
  readonly phase: string;
  readonly percent: number;
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  /** Frontier jobs only: the points solved so far. */
  readonly frontier?: FrontierProgress;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface Job {
  readonly id: string;
  /** Who submitted it (the API key's tenant; `default` without keys). */
  readonly tenant: string;
  readonly kind: JobKind;
  /** A frontier job's parameters; null for a solve. */
  readonly frontier: FrontierSpec | null;
  readonly status: JobStatus;
  /** A frontier's: each point's limit times the solves planned (the hard deadline counts from it). */
  readonly timeLimitSeconds: number;
  readonly webhookUrl: string | null;
  readonly scenarioId: string | null;
  readonly variant: string | null;
  readonly progress: JobProgress;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: JobError | null;
  /** Runs started (claims), including runs cut short by a shutdown or a crash. */
  readonly attempts: number;
  /** Runs the process died during (kill -9, out of memory); MAX_ATTEMPTS caps them. */
  readonly crashes: number;
  readonly hasResult: boolean;
  readonly cancelRequested: boolean;
  /** The model's size as admission estimated it (0 for jobs stored before it was kept). */
  readonly accounts: number;
  readonly pairs: number;
}

export interface NewJob {
  /** The tenant it belongs to (default `default`). */
  readonly tenant?: string;
  /** Default `solve`; a frontier carries its parameters in `frontier`. */
  readonly kind?: JobKind;
  readonly frontier?: FrontierSpec;
  /**
   * The problem document. A scenario's variant instead names its scenario and carries its variant
   * (`variantSpec`): its problem is the scenario's base with the variant applied, stored once.
   */
  readonly problem?: unknown;
  readonly variantSpec?: unknown;
  /** The problem's JSON text, stored as it is (a large body validated off the main thread). */
  readonly problemJson?: string;
  /** Or the name of the file the parse thread wrote it to (staged-bodies.ts): the row only names it. */
  readonly problemFile?: string;
  /** The model's size as admission estimated it. */
  readonly size?: { readonly accounts: number; readonly pairs: number };
  readonly timeLimitSeconds: number;
  readonly webhookUrl?: string | null;
  readonly scenarioId?: string | null;
  readonly variant?: string | null;
}

export interface JobRow {
  id: string;
  tenant: string;
  kind: JobKind;
  spec: string | null;
  seq: number;
  status: JobStatus;
  time_limit_seconds: number;
  webhook_url: string | null;
  scenario_id: string | null;
  variant: string | null;
  progress: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  attempts: number;
  crashes: number;
  has_result: number;
  cancel_requested: number;
  accounts: number;
  pairs: number;
}

export const INITIAL_PROGRESS: JobProgress = { phase: 'queued', percent: 0, incumbent: null, bound: null, gap: null };

/** The solves a job makes at most: one, or a frontier's planned points (each gets the hard deadline's grace). */
export function solvesOf(job: Pick<Job, 'kind' | 'frontier'>): number {
  return job.kind === 'frontier' && job.frontier ? plannedSolves(job.frontier) : 1;
}

/** What the `spec` column keeps for a new job: its kind's parameters as JSON, null for a solve. */
export function specTextOf(job: Pick<NewJob, 'kind' | 'frontier'>): string | null {
  return job.kind === 'frontier' && job.frontier !== undefined ? JSON.stringify(job.frontier) : null;
}

/** A job's progress from a solve thread's snapshot: percent of the budget used (work or time; at most 99 until it ends). */
export function toJobProgress(p: SolveProgress, timeLimitSeconds: number): JobProgress {
  const used = Math.min(99, (p.used ?? p.seconds / timeLimitSeconds) * 100);
  return { phase: p.phase, percent: Math.round(used * 10) / 10, incumbent: p.incumbent, bound: p.bound, gap: p.gap };
}
/** The columns of a JobRow (the result itself is left out: it can be megabytes). */
export const JOB_COLUMNS = 'id, tenant, kind, spec, seq, status, time_limit_seconds, webhook_url, scenario_id, variant, progress, created_at, started_at, finished_at, error, attempts, crashes, result IS NOT NULL AS has_result, cancel_requested, accounts, pairs';

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    tenant: row.tenant,
    kind: row.kind,
    frontier: row.kind === 'frontier' && row.spec !== null ? JSON.parse(row.spec) as FrontierSpec : null,
    status: row.status,
    timeLimitSeconds: row.time_limit_seconds,
    webhookUrl: row.webhook_url,
    scenarioId: row.scenario_id,
    variant: row.variant,
    progress: JSON.parse(row.progress),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error ? JSON.parse(row.error) : null,
    attempts: row.attempts,
    crashes: row.crashes,
    hasResult: row.has_result === 1,
    cancelRequested: row.cancel_requested === 1,
    accounts: row.accounts,
    pairs: row.pairs,
  };
}
