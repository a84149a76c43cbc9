/**
 * The count of active API keys, kept by each API process and told of every change by PostgreSQL
 * (LISTEN/NOTIFY). Authentication needs the count on every request without a key (is the service
 * open?), and a query per request was the largest single cost of a small submission on
 * PostgreSQL. Every write of the key store (the service's and the command line's) notifies
 * `territory_api_keys` when it commits; on that, each process forgets its count and reads it again
 * at the next request, so a key created with `territory keys create` still closes the open mode at
 * once (within the notification's delivery, milliseconds).
 *
 * While the listening connection is down the count is read per request, as before, and the
 * connection is opened again after RELISTEN_MS; nothing is cached that a missed notification
 * could make stale.
 */
import pg from 'pg';
import type { Pool } from './database.ts';

export const KEYS_CHANNEL = 'territory_api_keys';
const RELISTEN_MS = 1000;

export class KeyCountWatch {
  readonly #pool: Pool;
  /** A connection of its own, outside the pool: LISTEN holds it for the process's life. */
  #client: pg.Client | null = null;
  #count: number | null = null;
  /** Raised by every notification: a count read across one is not kept. */
  #generation = 0;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Starts listening; a failure leaves the count uncached and tries again later. */
  async start(): Promise<void> {
    if (this.#closed || this.#client) return;
    // The pool's settings (the URL, the timeouts), on a client of its own.
    const client = new pg.Client(this.#pool.options);
    const lost = () => {
      if (this.#client === client) {
        this.#forget();
        this.#client = null;
      }
      void client.end().catch(() => {});
      this.#later();
    };
    client.on('error', lost);
    client.on('notification', () => this.#forget());
    try {
      await client.connect();
      await client.query(`LISTEN ${KEYS_CHANNEL}`);
    } catch {
      lost();
      return;
    }
    client.on('end', lost);
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    // Changes made before LISTEN took effect are not in a count read before it.
    this.#forget();
  }

  /** The count: the one kept since the last notification, or `read()`'s. */
  async count(read: () => Promise<number>): Promise<number> {
    if (this.#client && this.#count !== null) return this.#count;
    const generation = this.#generation;
    const n = await read();
    if (this.#client && generation === this.#generation) this.#count = n;
    return n;
  }

  /** Whether counts are being kept (the listening connection is up), for the tests. */
  get listening(): boolean {
    return this.#client !== null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    this.#forget();
    if (client) {
      client.removeAllListeners('end');
      client.removeAllListeners('notification');
      await client.end().catch(() => {});
    }
  }

  #forget(): void {
    this.#generation++;
    this.#count = null;
  }

  #later(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.start();
    }, RELISTEN_MS);
    this.#retry.unref();
  }
}
