/**
 * The BullMQ queue (REDIS_URL): the JobQueue of queue.ts for API servers and `territory worker`
 * processes sharing one PostgreSQL store of record.
 *
 * - A submission is committed in PostgreSQL first (the 202 waits for that alone), then its id is
 *   added to BullMQ with the job's id as BullMQ's: adding it again is a no-op, so every process can
 *   re-enqueue what the store says is queued without ever doubling it.
 * - A BullMQ job is a turn on a worker, not the work itself: the worker that takes one makes the
 *   store's atomic, fair claim (claimNext: round robin between tenants, their caps of running jobs
 *   counted across every process) and runs what it got on its own warm threads (runner.ts). So
 *   fairness and caps are the store's, as in one process, and a job runs once however many turns
 *   exist for it; a turn that finds nothing to claim simply ends.
 * - Lost turns are made good from the store: every process compares the store's queued jobs with
 *   BullMQ's waiting ones every few seconds and adds the missing ids (Redis restarted empty, an add
 *   that failed, a job requeued at a worker's shutdown or by crash recovery).
 * - A worker killed mid-solve stops renewing BullMQ's lock; BullMQ's stalled-job check hands the
 *   turn to another worker, and the store's lease (its heartbeat stopped) requeues the job, counting
 *   the crash against MAX_ATTEMPTS (recovery.ts); whichever comes first, the job runs again once.
 * - Cancels, progress and ends reach every process over the control channel (control.ts).
 */
import { Queue, Worker, type Job as BullJob, type RedisOptions } from 'bullmq';
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { JobQueue, QueueEvents } from '../queue.ts';
import type { JobRunner } from '../runner.ts';
import type { Job, JobStore } from '../store.ts';
import { ControlChannel, type ControlMessage } from './control.ts';
import { queueNames, redisOptions, type QueueNames } from './connection.ts';

export interface BullQueueOptions {
  readonly redisUrl: string;
  /** REDIS_PREFIX. */
  readonly prefix: string;
  /** Jobs this process solves at once (its BullMQ worker's concurrency); 0: it solves none. */
  readonly concurrency: number;
  /** LEASE_SECONDS, in ms: BullMQ's lock on a turn lasts as long as the store's lease on a job. */
  readonly leaseMs: number;
  /** Each tenant's cap on running jobs, asked before each claim (as the in-process runner does). */
  readonly runningCaps?: () => Promise<(tenant: string) => number>;
  /** Between comparisons of the store's queue with BullMQ's (default 5 s). */
  readonly refillMs?: number;
}

/** Ids added to BullMQ per refill at most (the oldest first; the next refill adds more). */
const REFILL_BATCH = 1000;
/** A worker reads its running jobs' cancel flags this often, in case a cancel message was lost. */
const CANCEL_POLL_MS = 1000;
/** Progress is published at most this often per job (the store gets it every 500 ms anyway). */
const PROGRESS_PUBLISH_MS = 250;
/** A call to Redis that takes longer than this counts as Redis unreachable (/ready, /metrics). */
const REDIS_TIMEOUT_MS = 2000;

export class BullJobQueue extends EventEmitter<QueueEvents> implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #names: QueueNames;
  readonly #connection: RedisOptions;
  readonly #queue: Queue;
  readonly #control: ControlChannel;
  #worker: Worker | null = null;
  readonly #timers: NodeJS.Timeout[] = [];
  /** Per running job: when its progress was last published, and how many frontier points it had. */
  readonly #published = new Map<string, { at: number; points: number }>();
  #stopping = false;

  constructor(
    private readonly store: JobStore,
    private readonly runner: JobRunner,
    private readonly options: BullQueueOptions,
    private readonly log: Logger,
  ) {
    super();
    this.setMaxListeners(0);
    this.#names = queueNames(options.prefix);
    this.#connection = redisOptions(options.redisUrl);
    this.#queue = new Queue(this.#names.jobs, {
      connection: this.#connection,
      prefix: this.#names.prefix,
      // A turn leaves nothing behind: the store keeps the job's history.
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    this.#queue.on('error', (err: Error) => this.#redisError('queue', err));
    this.#control = new ControlChannel(this.#connection, this.#names);
    this.#control.on('error', (err) => this.#redisError('control channel', err));
    this.#control.on('message', (m) => this.#received(m));
    // What this process's runner does, its own listeners hear at once and the others over Redis.
    runner.on('progress', (id, progress) => {
      this.emit('progress', id, progress);
      const last = this.#published.get(id) ?? { at: 0, points: 0 };
      // A frontier's point just solved goes out at once: the other servers' event streams wait for it.
      const points = progress.frontier?.points.length ?? 0;
      if (Date.now() - last.at < PROGRESS_PUBLISH_MS && points === last.points) return;
      this.#published.set(id, { at: Date.now(), points });
      this.#publish({ kind: 'progress', id, progress });
    });
    runner.on('end', (job) => {
      this.#published.delete(job.id);
      this.emit('end', job);
      this.#publish({ kind: 'end', id: job.id, job });
    });
    runner.on('stopping', () => this.emit('stopping'));
  }

  get running(): number {
    return this.runner.running;
  }

  /** Connects (a Redis that does not answer fails the start), recovers, fills the queue, then takes turns. */
  async start(): Promise<void> {
    await withTimeout(Promise.all([this.#queue.waitUntilReady(), this.#control.ready()]), 30_000, 'Redis (REDIS_URL) did not answer within 30 s');
    await this.runner.start();
    await this.#refill();
    const refill = () => void this.#refill().catch((err: unknown) => {
      if (!this.#stopping) this.log.warn({ err }, 'could not compare the store\'s queue with BullMQ\'s; trying again shortly');
    });
    this.#timers.push(setInterval(refill, this.options.refillMs ?? 5000).unref());
    if (this.options.concurrency === 0) return;
    this.#worker = new Worker(this.#names.jobs, (turn: BullJob) => this.#take(turn), {
      connection: this.#connection,
      prefix: this.#names.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.leaseMs,
      stalledInterval: this.options.leaseMs,
    });
    this.#worker.on('error', (err: Error) => this.#redisError('worker', err));
    this.#timers.push(setInterval(() => void this.#pollCancels(), CANCEL_POLL_MS).unref());
  }

  /** A turn: claim the store's next job (fair, capped) and solve it here; nothing to claim ends it. */
  async #take(turn: BullJob): Promise<string | null> {
    if (this.#stopping) return null;
    const caps = await this.options.runningCaps?.();
    const job = await this.store.claimNext(caps);
    if (!job) return null;
    this.log.debug({ jobId: job.id, turn: turn.id }, 'job claimed from a BullMQ turn');
    await this.runner.run(job).catch((err: unknown) => this.log.error({ err, jobId: job.id }, 'job could not be ended in the store'));
    // A thread is free: a job a tenant's cap held back, or one requeued, gets its turn now, not at the next refill.
    if (!this.#stopping) void this.#refill().catch(() => {});
    return job.id;
  }

  enqueue(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.#add(ids).catch((err: unknown) => {
      // The jobs are stored; the next refill (within seconds) enqueues them.
      this.log.warn({ err, jobs: ids.length }, 'could not enqueue in Redis; the jobs are stored and will be enqueued again from the store');
    });
  }

  #add(ids: readonly string[]): Promise<unknown> {
    return this.#queue.addBulk(ids.map((id) => ({ name: 'solve', data: { id }, opts: { jobId: id } })));
  }

  /**
   * Adds the store's queued jobs to BullMQ when it has fewer turns waiting than the store has jobs
   * queued. Ids BullMQ holds already are left as they are (jobId), so this never doubles a turn.
   */
  async #refill(): Promise<void> {
    const queued = await this.store.queuedCount();
    if (queued === 0) return;
    const waiting = await this.depth();
    if (waiting >= queued) return;
    const ids = await this.store.queuedIds(REFILL_BATCH);
    await this.#add(ids);
    // Nothing waiting in Redis while the store has work: Redis lost its data (or the adds failed).
    const log = waiting === 0 ? this.log.info.bind(this.log) : this.log.debug.bind(this.log);
    log({ queued, waiting, enqueued: ids.length }, 'queued jobs enqueued again from the store');
  }

  /** BullMQ's turns waiting for a worker. */
  async depth(): Promise<number> {
    const counts = await withTimeout(this.#queue.getJobCounts('waiting', 'prioritized', 'delayed'), REDIS_TIMEOUT_MS, 'Redis did not answer');
    return (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
  }

  async ping(): Promise<void> {
    await this.depth();
  }

  /** Marks the cancel in the store, stops the solve if it is here, and tells the other processes. */
  async cancel(id: string): Promise<Job | undefined> {
    const job = await this.runner.cancel(id);
    if (job?.status === 'running') this.#publish({ kind: 'cancel', id });
    return job;
  }

  #received(message: ControlMessage): void {
    if (message.kind === 'cancel') this.runner.stopSolve(message.id);
    else if (message.kind === 'progress') this.emit('progress', message.id, message.progress);
    else this.emit('end', message.job, true);
  }

  #publish(message: ControlMessage): void {
    this.#control.publish(message).catch((err: unknown) => this.log.debug({ err, kind: message.kind }, 'control message not published'));
  }

  /** The store's cancel flag is the truth; the message is only the fast path. */
  async #pollCancels(): Promise<void> {
    for (const id of this.runner.activeIds()) {
      const job = await this.store.get(id).catch(() => undefined);
      if (job?.cancelRequested) this.runner.stopSolve(id);
    }
  }

  #lastRedisError = 0;
  #redisError(what: string, err: Error): void {
    // ioredis reports every failed reconnect; once every 10 s is enough to say Redis is away.
    if (this.#stopping || Date.now() - this.#lastRedisError < 10_000) return;
    this.#lastRedisError = Date.now();
    this.log.warn({ err: { message: err.message } }, `BullMQ ${what}: Redis error`);
  }

  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearInterval(timer);
    // The worker takes no new turn and waits for its running ones, which the runner ends or requeues.
    const closing = this.#worker?.close();
    await this.runner.stop(graceMs);
    await Promise.race([closing, sleep(5000)]);
    // Jobs requeued at this shutdown get their turns now, not at another process's next refill.
    await withTimeout(this.#refill(), REDIS_TIMEOUT_MS, 'Redis did not answer').catch(() => {});
    await Promise.race([Promise.allSettled([this.#control.close(), this.#queue.close()]), sleep(5000)]);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
