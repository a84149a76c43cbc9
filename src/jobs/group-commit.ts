/**
 * Group commit for the submit path. With synchronous=FULL every commit waits for an fsync, and
 * better-sqlite3 waits on the HTTP thread, so one transaction per submission serialises the service
 * behind the disk (BENCHMARKS.md, "Durable acknowledgement"). Here the writes that arrive in the same
 * turn of the event loop are run in one transaction, so one fsync covers them all, and each caller's
 * promise settles only after that transaction is on disk: every 202 still follows a durable commit.
 *
 * Each write runs in a savepoint of its own (a nested better-sqlite3 transaction), so one that throws
 * (a full queue, an idempotency conflict) is rolled back alone and rejects only its own promise. The
 * writes run in arrival order, and each sees the ones before it: admission checks made inside a write
 * count the jobs the same batch has already added, so caps hold exactly as with one commit each.
 */
import type { Database as Db } from 'better-sqlite3';

interface Pending {
  readonly write: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export class GroupCommit {
  readonly #db: Db;
  #pending: Pending[] = [];
  #scheduled = false;
  /**
   * Called after a write was rolled back or a batch's commit failed (disk full, I/O error): counters
   * the caller keeps beside the file (the store's queued count) may have counted what is not stored.
   */
  readonly #onRollback: () => void;
  /** Batches committed and writes in them, for the metrics and the tests. */
  batches = 0;
  writes = 0;

  constructor(db: Db, onRollback: () => void = () => {}) {
    this.#db = db;
    this.#onRollback = onRollback;
  }

  /** Runs `write` in the next group transaction; resolves with its value once that is on disk. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the I/O callbacks of this turn: the requests read in it join the same batch.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.#db.transaction(() => batch.map((p): Outcome => {
        try {
          return { ok: true, value: this.#db.transaction(p.write)() };
        } catch (error) {
          return { ok: false, error };
        }
      }))();
    } catch (error) {
      // The commit failed: nothing of the batch is stored, so no write may be acknowledged.
      this.#onRollback();
      for (const p of batch) p.reject(error);
      return;
    }
    this.batches++;
    this.writes += batch.length;
    if (outcomes.some((o) => !o.ok)) this.#onRollback();
    batch.forEach((p, k) => {
      const outcome = outcomes[k]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}
