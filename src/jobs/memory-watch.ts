/**
 * Watches the process's memory while jobs run, and names a job to stop when it passes the budget
 * (MAX_JOB_RSS_BYTES). A solve's large arrays (typed arrays, HiGHS's WebAssembly heap) live outside
 * the worker's JS heap, so the thread's resourceLimits never see them: without this, a job that
 * outgrows the machine takes the whole process down (the kernel's OOM killer), and every job with it.
 *
 * RSS is one number for the process, so the job blamed is the running one with the largest model
 * (estimated pairs), then the largest JS heap its thread last reported (threads report it with
 * their progress; Node 20 cannot read another thread's heap). One job is stopped at a time: the next
 * sample that is still over the budget after its thread has gone blames the next one.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';

export interface Watched {
  readonly id: string;
  /** Eligible pairs of the job's model (estimateModelPairs). */
  readonly pairs: number;
  /** The JS heap (used plus external) its thread last reported, if it has. */
  readonly heapBytes: number | null;
  /** Whether it is already being stopped (for memory or anything else). */
  readonly stopping: boolean;
  readonly stoppingForMemory: boolean;
}

export interface MemoryWatchOptions {
  readonly budgetBytes: number;
  /**
   * Between samples. Compiling grows a model by about 140 MB/s on the benchmark machine (68 bytes per
   * pair, 2 M pairs/s), so at 200 ms a job passes the budget by some 30 MB before it is seen.
   */
  readonly sampleMs?: number;
  /** The process's resident set, in bytes. */
  readonly rss?: () => number;
}

const DEFAULT_SAMPLE_MS = 200;
/** "Over budget with nothing to stop" is logged at most this often. */
const IDLE_WARNING_MS = 60_000;

export class MemoryWatch {
  #timer: NodeJS.Timeout | null = null;
  #lastIdleWarning = 0;

  constructor(
    private readonly options: MemoryWatchOptions,
    private readonly jobs: () => Iterable<Watched>,
    private readonly stop: (id: string, rssBytes: number) => void,
    private readonly log: Logger,
  ) {}

  /** Samples while jobs run (the runner starts it with the first and ends it after the last). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.sample(), this.options.sampleMs ?? DEFAULT_SAMPLE_MS);
    this.#timer.unref();
  }

  end(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One sample: stops the job to blame if the process is over its budget. */
  sample(): void {
    const rss = this.options.rss ? this.options.rss() : process.memoryUsage.rss();
    if (rss <= this.options.budgetBytes) return;
    const jobs = [...this.jobs()];
    // The job already being stopped for memory still holds it until its thread has gone.
    if (jobs.some((j) => j.stoppingForMemory)) return;
    const victim = jobs.filter((j) => !j.stopping).sort((a, b) => b.pairs - a.pairs || (b.heapBytes ?? 0) - (a.heapBytes ?? 0))[0];
    if (!victim) {
      if (Date.now() - this.#lastIdleWarning > IDLE_WARNING_MS) {
        this.#lastIdleWarning = Date.now();
        this.log.warn({ rssBytes: rss, budgetBytes: this.options.budgetBytes }, 'memory above MAX_JOB_RSS_BYTES with no job to stop');
      }
      return;
    }
    this.log.warn({ jobId: victim.id, rssBytes: rss, budgetBytes: this.options.budgetBytes, pairs: victim.pairs, threadHeapBytes: victim.heapBytes }, 'memory above MAX_JOB_RSS_BYTES: stopping the job with the largest model');
    this.stop(victim.id, rss);
  }
}
