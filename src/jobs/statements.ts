/** Prepared statements of one connection, each prepared once: preparing is half the cost of a small read. */
import type { Database as Db, Statement } from 'better-sqlite3';

export class Statements {
  readonly #cache = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.#cache.set(sql, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }
}
