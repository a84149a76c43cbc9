/**
 * Runs queued jobs on the pool: claims them from the store as threads free up, forwards progress to
 * the store and to listeners (SSE), cancels (a shared flag first, so the solver returns its best
 * plan; thread termination a second later if it has not), enforces a hard deadline and the memory
 * budget (memory-watch.ts), and posts webhooks when a job ends. A worker that crashes or outgrows
 * the budget fails only its own job. On start it ends or requeues what a previous process left
 * running (recovery.ts). On a store other processes share (PostgreSQL), it also looks for work they
 * queued and for jobs whose process has stopped answering, every little while.
 *
 * The store is asynchronous: claims are made one at a time (pump), so two claims in flight never
 * take more threads than there are; a store that cannot be reached when a job ends is asked again
 * until it answers, so a finished job is not left running.
 *
 * It is the in-process JobQueue (queue.ts). With BullMQ the claims are the BullMQ worker's
 * (`claims: 'external'`, bull/queue.ts): it hands each claimed job to `run`, and this runner does
 * the rest as before.
 */
import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { SolvePool } from '../workers/pool.ts';
import type { JobQueue, QueueEvents } from './queue.ts';
import type { Job, JobProgress, JobStore } from './store.ts';
import { solvesOf } from './job.ts';
import { progressTracker } from './progress-tracker.ts';
import { Errors } from '../errors.ts';
import type { WebhookSolverFacts } from './webhook.ts';
import { WebhookSender, type WebhookSenderOptions } from './webhook-sender.ts';
import { requestStop, type ProgressMessage } from '../workers/messages.ts';
import { jobProblem, sizeOf } from './job-problem.ts';
import { MemoryWatch } from './memory-watch.ts';
import { recoverInterrupted } from './recovery.ts';

export interface RunnerOptions extends WebhookSenderOptions {
  /**
   * Each tenant's cap on jobs running at once (fairness between tenants; default none), asked
   * before each round of claims: the caps depend on whether API keys exist, which the key store knows.
   */
  readonly runningCaps?: () => Promise<(tenant: string) => number>;
  readonly threads: number;
  readonly hardDeadlineGraceSeconds: number;
  /** Runs of a job the process may die during before the job fails instead of running again. */
  readonly maxAttempts: number;
  /** Process RSS above which the running job with the largest model is stopped. */
  readonly maxJobRssBytes: number;
  /** Between memory samples (default in memory-watch.ts). */
  readonly memorySampleMs?: number;
  /**
   * How long a cancelled solve may take to return its plan before its thread is terminated, at
   * least; large problems get CANCEL_GRACE_MS_PER_ACCOUNT more per account (verifying the plan and
   * building the reports of 50,000 accounts takes seconds).
   */
  readonly cancelGraceMs?: number;
  /** 'self' (default): the runner claims queued jobs itself; 'external': only `run` starts them (BullMQ). */
  readonly claims?: 'self' | 'external';
  /** On a shared store, how often to look for jobs whose process stopped answering (default 15 s). */
  readonly recoverEveryMs?: number;
}

/** Extra cancel grace per account of the problem. */
const CANCEL_GRACE_MS_PER_ACCOUNT = 0.25;

interface Active {
  readonly cancel: Int32Array;
  /** Accounts in the job's problem (sets the cancel grace). */
  accounts: number;
  /** Eligible pairs of its model (the memory watch blames the largest). */
  pairs: number;
  /** The JS heap its thread last reported with a progress message. */
  heapBytes: number | null;
  /** The process's RSS when the memory watch stopped it. */
  rssAtStop: number;
  readonly abort: AbortController;
  /** Why the thread was aborted, if it was. */
  reason: 'cancel' | 'deadline' | 'shutdown' | 'memory' | null;
}

/** Progress is written to the store at most this often per job (listeners get every update). */
const PROGRESS_WRITE_MS = 500;
/** A shared store is asked for jobs whose process stopped answering this often. */
const RECOVER_EVERY_MS = 15_000;
/** Between attempts to reach a store that did not answer (a claim, a job's end). */
const STORE_RETRY_MS = 1000;

export type RunnerEvents = QueueEvents;

export class JobRunner extends EventEmitter<RunnerEvents> implements JobQueue {
  readonly kind = 'in-process' as const;
  readonly #active = new Map<string, Active>();
  readonly #webhooks: WebhookSender;
  readonly #memory: MemoryWatch;
  readonly #timers: NodeJS.Timeout[] = [];
  #stopping = false;
  /** The round of claims under way, if any; a pump meanwhile asks for another round after it. */
  #pumping: Promise<void> | null = null;
  #pumpAgain = false;

  constructor(
    private readonly store: JobStore,
    /** Null in a process that solves nothing (WORKERS=0): it is never handed a job. */
    private readonly pool: SolvePool | null,
    private readonly options: RunnerOptions,
    private readonly log: Logger,
  ) {
    super();
    this.setMaxListeners(0);
    this.#webhooks = new WebhookSender(options, log);
    this.#memory = new MemoryWatch(
      { budgetBytes: options.maxJobRssBytes, ...(options.memorySampleMs !== undefined ? { sampleMs: options.memorySampleMs } : {}) },
      () => [...this.#active].map(([id, a]) => ({ id, pairs: a.pairs, heapBytes: a.heapBytes, stopping: a.reason !== null, stoppingForMemory: a.reason === 'memory' })),
      (id, rss) => {
        const active = this.#active.get(id);
        if (active) active.rssAtStop = rss;
        this.#abort(id, 'memory');
      },
      log,
    );
  }

  /** Ends or requeues the jobs a previous process left unended (announcing those it ends), then starts pulling work. */
  async start(): Promise<void> {
    await this.#recover();
    this.pump();
    const poll = this.store.sharedPollMs;
    if (poll === null) return;
    const recoverLater = () => this.#recover().catch((err: unknown) => {
      if (this.store.isOpen) this.log.warn({ err }, 'could not look for interrupted jobs; trying again later');
    });
    if (this.options.claims !== 'external') this.#timers.push(setInterval(() => this.pump(), poll).unref());
    this.#timers.push(setInterval(() => void recoverLater(), this.options.recoverEveryMs ?? RECOVER_EVERY_MS).unref());
  }

  /** In-process, a new job is claimed by the next pump; with BullMQ, bull/queue.ts enqueues it. */
  enqueue(): void {
    this.pump();
  }

  depth(): Promise<number> {
    return this.store.queuedCount();
  }

  /** Nothing but the store to reach (it has its own ping). */
  async ping(): Promise<void> {}

  /** The jobs on this process's threads. */
  activeIds(): string[] {
    return [...this.#active.keys()];
  }

  /**
   * Runs a job claimed by someone else (the BullMQ worker); resolves once it has ended, or gone back
   * to the queue at shutdown.
   */
  run(job: Job): Promise<void> {
    return this.#run(job);
  }

  async #recover(): Promise<void> {
    for (const job of await recoverInterrupted(this.store, this.options.maxAttempts, this.log)) this.#ended(job);
  }

  get running(): number {
    return this.#active.size;
  }

  /** Starts as many queued jobs as there are free threads (in the background). */
  pump(): void {
    if (this.options.claims === 'external') return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = this.#claimRound().finally(() => {
      this.#pumping = null;
      if (this.#pumpAgain) {
        this.#pumpAgain = false;
        this.pump();
      }
    });
  }

  async #claimRound(): Promise<void> {
    try {
      const caps = await this.options.runningCaps?.();
      while (!this.#stopping && this.#active.size < this.options.threads) {
        const job = await this.store.claimNext(caps);
        if (!job) return;
        // Claimed as shutdown began: back to the queue, as a running job would go.
        if (this.#stopping) {
          await this.store.requeue(job.id);
          return;
        }
        void this.#run(job).catch((err: unknown) => this.log.error({ err, jobId: job.id }, 'job could not be ended in the store'));
      }
    } catch (err) {
      if (!this.store.isOpen) return;
      this.log.warn({ err }, 'could not claim a job; trying again shortly');
      // A shared store is polled anyway; the embedded one is asked again once.
      if (this.store.sharedPollMs === null) setTimeout(() => this.pump(), STORE_RETRY_MS).unref();
    }
  }

  /**
   * Writes a job's end (or reads what it needs) until the store answers: a job that ran must not be
   * left running because the database was away for a moment. Gives up once shutdown has begun.
   */
  async #persist<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if ((err as { code?: string }).code !== 'TD_ERR_STORE_UNAVAILABLE') throw err;
        // At shutdown the job is left running: its runner's row goes with the store, and the next
        // start (or another process) recovers it as interrupted.
        if (!this.store.isOpen || this.#stopping) return undefined;
        if (attempt === 1) this.log.warn({ err }, `${what}: the job store did not answer; trying again every second`);
        await sleep(STORE_RETRY_MS);
      }
    }
  }

  /** Cancels a queued or running job; returns the job as it stands. */
  async cancel(id: string): Promise<Job | undefined> {
    const job = await this.store.requestCancel(id);
    if (!this.stopSolve(id) && job?.status === 'cancelled') this.#ended(job);
    return job;
  }

  /**
   * Stops this process's solve of a job whose cancel the store has (the shared flag first, so the
   * solver returns its best plan; its thread is terminated after the grace); false if it has none.
   */
  stopSolve(id: string): boolean {
    const active = this.#active.get(id);
    if (!active) return false;
    if (Atomics.load(active.cancel, 0) !== 0) return true;
    requestStop(active.cancel, 'cancel');
    const graceMs = (this.options.cancelGraceMs ?? 1000) + active.accounts * CANCEL_GRACE_MS_PER_ACCOUNT;
    setTimeout(() => this.#abort(id, 'cancel'), graceMs).unref();
    return true;
  }

  /** Stops taking work; waits up to graceMs for running jobs, then requeues the rest. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#pumping;
    // Running jobs still hold their memory during the grace period; the watch stays on until they end.
    this.emit('stopping');
    const deadline = Date.now() + graceMs;
    while (this.#active.size > 0 && Date.now() < deadline) await sleep(50);
    for (const id of [...this.#active.keys()]) this.#abort(id, 'shutdown');
    while (this.#active.size > 0) await sleep(10);
    await this.#webhooks.settled(2000);
  }

  #abort(id: string, reason: NonNullable<Active['reason']>): void {
    const active = this.#active.get(id);
    if (!active || active.reason) return;
    active.reason = reason;
    active.abort.abort(new Error(reason));
  }

  async #run(job: Job): Promise<void> {
    const log = this.log.child({ jobId: job.id });
    // Counted before the first await, so that the claims after this one see the thread taken.
    const active: Active = {
      cancel: new Int32Array(new SharedArrayBuffer(4)),
      accounts: job.accounts,
      pairs: job.pairs,
      heapBytes: null,
      rssAtStop: 0,
      abort: new AbortController(),
      reason: null,
    };
    this.#active.set(job.id, active);
    this.#memory.start();
    const { port1, port2 } = new MessageChannel();
    let lastWrite = 0;
    let last: JobProgress = job.progress;
    const track = progressTracker(job);
    port1.on('message', (p: ProgressMessage) => {
      if (p.heapBytes !== undefined) active.heapBytes = p.heapBytes;
      const next = track(p);
      last = next.progress;
      this.emit('progress', job.id, last);
      if (next.urgent || Date.now() - lastWrite >= PROGRESS_WRITE_MS) {
        lastWrite = Date.now();
        // Progress is advisory: a write the store misses is made good by the next one.
        this.store.updateProgress(job.id, last).catch((err: unknown) => log.debug({ err }, 'progress not written'));
      }
    });
    // A frontier's points each get the grace: every one of them may return a little after its limit.
    const graceSeconds = this.options.hardDeadlineGraceSeconds * solvesOf(job);
    const hardDeadline = setTimeout(() => this.#abort(job.id, 'deadline'), (job.timeLimitSeconds + graceSeconds) * 1000);
    hardDeadline.unref();
    log.info({ attempt: job.attempts, timeLimitSeconds: job.timeLimitSeconds }, 'job started');
    const started = performance.now();
    let ended: Job | undefined;
    let solver: WebhookSolverFacts | null = null;
    try {
      // The problem goes to the thread as stored text: a 50 MB document is parsed there, not here.
      // Its size was kept at submission (older rows without it: parsed once for it).
      const source = (await this.#persist('reading the job\'s problem', () => this.store.problemSource(job.id))) ?? { problemJson: 'null' };
      if (job.pairs === 0) Object.assign(active, sizeOf(await this.#persist('reading the job\'s problem', () => jobProblem(this.store, job.id))));
      if (!this.pool) throw new Error('this process has no solve threads (WORKERS=0)');
      const out = await this.pool.run(
        // A scenario's variant gets its comparison row built in the thread (GET /v1/scenarios/:id reads it).
        {
          ...source, ...(job.scenarioId !== null && job.variant !== null ? { comparison: { variant: job.variant } } : {}), ...(job.frontier ? { frontier: job.frontier } : {}),
          timeLimitSeconds: job.timeLimitSeconds, cancel: active.cancel.buffer as SharedArrayBuffer, progress: port2,
        },
        { transferList: [port2], signal: active.abort.signal },
      );
      const cancelled = Atomics.load(active.cancel, 0) !== 0;
      if (out.ok) solver = { status: out.status, objective: out.objective, bound: out.bound, gap: out.gap, message: out.message };
      const final: JobProgress = out.ok
        ? { ...last, ...(out.frontier ? { frontier: out.frontier.progress } : {}), phase: 'done', percent: 100, incumbent: out.objective, bound: out.bound, gap: out.gap }
        : { ...last, phase: 'done', percent: 100 };
      if (!out.ok) {
        const message = out.issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`).join('; ');
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'failed', { error: { code: new Errors.ValidationFailed(message).code, message }, progress: final }));
      } else if (cancelled && out.objective === null) {
        // Stopped before any plan was found: an empty result would read as a plan with no accounts.
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'cancelled', { progress: { ...last, phase: 'cancelled' } }));
      } else {
        // The result and the progress port are separate channels: a fast solve can return before its
        // progress messages arrive (and closing the port drops them), so listeners always get the
        // final snapshot here, before the end.
        this.emit('progress', job.id, final);
        const extra = { ...(out.comparisonJson !== undefined ? { comparison: out.comparisonJson } : {}), ...(out.frontier ? { points: out.frontier.pointsJson } : {}) };
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, cancelled ? 'cancelled' : 'succeeded', { result: out.resultJson, ...extra, progress: final }));
      }
    } catch (err) {
      // null: the store did not answer; the job stays running and is recovered as interrupted.
      const requeued = active.reason === 'shutdown' ? await this.store.requeue(job.id).catch(() => null) : false;
      if (requeued === null) {
        log.warn('job left running at shutdown: the job store did not answer; the next start recovers it');
      } else if (requeued) {
        log.info('job requeued at shutdown');
      } else if (active.reason === 'cancel' || active.reason === 'shutdown') {
        // A shutdown that finds the job's cancel pending ends it cancelled: it must not run again.
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'cancelled', { progress: { ...last, phase: 'cancelled' } }));
      } else if (active.reason === 'memory') {
        const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
        const err = new Errors.JobMemory(mib(active.rssAtStop), mib(this.options.maxJobRssBytes), active.pairs);
        log.warn({ rssBytes: active.rssAtStop, pairs: active.pairs }, 'job stopped: memory budget exceeded');
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'failed', { error: { code: err.code, message: err.message } }));
      } else if (active.reason === 'deadline') {
        const err = new Errors.DeadlineExceeded(graceSeconds, job.timeLimitSeconds);
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'failed', { error: { code: err.code, message: err.message } }));
      } else {
        const failure = new Errors.WorkerFailed((err as Error).message);
        log.error({ err }, 'worker failed');
        ended = await this.#persist('storing the job\'s end', () => this.store.finish(job.id, 'failed', { error: { code: failure.code, message: failure.message } }));
      }
    } finally {
      clearTimeout(hardDeadline);
      port1.close();
      this.#active.delete(job.id);
      if (this.#active.size === 0) this.#memory.end();
    }
    if (ended) {
      log.info({ status: ended.status, seconds: (performance.now() - started) / 1000 }, 'job ended');
      this.#ended(ended, solver);
    }
    this.pump();
  }

  #ended(job: Job, solver: WebhookSolverFacts | null = null): void {
    this.emit('end', job);
    this.#webhooks.send(job, solver);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
