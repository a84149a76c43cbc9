/**
 * The PostgreSQL connection pool the stores share, and what they do with its errors. A query that
 * fails because the server cannot be reached (refused, reset, timed out, shutting down, out of
 * connections) becomes TD_ERR_STORE_UNAVAILABLE, which the error handler answers 503 with
 * Retry-After; any other failure (a constraint, a bug in our SQL) stays what it is. The pool makes
 * new connections as it needs them, so the service recovers by itself when the server is back.
 */
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { Errors } from '../../errors.ts';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (DATABASE_POOL_SIZE). */
  readonly max?: number;
  /** How long a query waits for a connection before the database counts as unreachable. */
  readonly connectTimeoutMs?: number;
  readonly log?: Pick<FastifyBaseLogger, 'warn'>;
}

/**
 * COUNT(*) and BIGINT come back as text by default (they may pass 2^53); ours are row counts and
 * sizes far below that, so they are read as numbers. Set per pool, not on pg's global types.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    // A statement that hangs (a lock never released) fails instead of holding a request for ever.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
    types,
  });
  // An idle connection the server drops (a restart) emits here; unhandled, it would end the process.
  pool.on('error', (err) => options.log?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'PostgreSQL connection lost; it is replaced on the next query'));
  return pool;
}

/** SQLSTATE classes that mean the server, not the statement, is the problem. */
const UNAVAILABLE_STATES = /^(08|53|57P)/;
/** Node's words for a connection that could not be made or was cut. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether `err` says the database could not be reached (as opposed to refusing a statement). */
export function isUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_ERRORS.has(code)) return true;
  // A SQLSTATE: five digits and capitals.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_STATES.test(code);
  // Any other code is ours or node's about something else (TD_ERR_QUEUE_FULL from an admission).
  if (code !== undefined) return false;
  const message = (err as { message?: unknown }).message;
  // pg's own words for a connection it gave up on or that ended under a query.
  return typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** Rethrows an unreachable database as TD_ERR_STORE_UNAVAILABLE (the original as its cause). */
export function storeError(err: unknown): never {
  if (isUnavailable(err)) throw new Errors.StoreUnavailable({ cause: err });
  throw err;
}

/** What a statement gives back, its rows typed by the caller (pg cannot check them). */
export interface Rows<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/** One statement on a connection or the pool. */
export async function query<R = Record<string, unknown>>(db: Pool | Client, sql: string, params: readonly unknown[] = []): Promise<Rows<R>> {
  try {
    return (await db.query(sql, params as unknown[])) as unknown as Rows<R>;
  } catch (err) {
    return storeError(err);
  }
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws. The promise resolves only after COMMIT has returned, so what it resolves with is stored.
 */
export async function transaction<T>(pool: Pool, work: (client: Client) => Promise<T>): Promise<T> {
  const held = await checkout(pool);
  const { client } = held;
  let broken = false;
  try {
    await client.query('BEGIN');
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } catch (err) {
    broken = isUnavailable(err);
    if (!broken) await client.query('ROLLBACK').catch(() => { broken = true; });
    return storeError(err);
  } finally {
    // A connection that failed mid-transaction is dropped, not handed to the next query.
    held.release(broken);
  }
}

/** A connection taken from the pool. */
export interface HeldClient {
  readonly client: Client;
  /** Back to the pool, or dropped when `broken` or when it was cut while held. */
  release(broken?: boolean): void;
}

/**
 * Takes one connection from the pool. pg-pool listens for a connection's errors only while it is
 * idle: one cut while checked out between statements (the server restarted, a proxy dropped it)
 * emits 'error' on the client with nobody listening, which ends the process. Here it is heard; the
 * next statement on it fails ("not queryable": TD_ERR_STORE_UNAVAILABLE) and it is not reused.
 */
export async function checkout(pool: Pool): Promise<HeldClient> {
  let client: Client;
  try {
    client = await pool.connect();
  } catch (err) {
    return storeError(err);
  }
  let cut = false;
  const onError = () => { cut = true; };
  client.on('error', onError);
  return {
    client,
    release(broken = false) {
      client.removeListener('error', onError);
      client.release(broken || cut);
    },
  };
}

/**
 * Advisory lock keys (transaction-scoped, pg_advisory_xact_lock): admission and claims read counts
 * and then write, so two processes doing either at once take turns, and the caps hold exactly.
 */
export const LOCKS = { migrate: 7_240_130, submit: 7_240_131, claim: 7_240_132 } as const;
