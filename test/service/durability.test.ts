/**
 * Durable acknowledgement: the store commits in WAL mode with synchronous=FULL, so a job is on disk
 * (the WAL fsynced) before POST /v1/jobs answers 202 and survives a power loss, not only a crash of
 * the process. With NORMAL the last commits before an OS crash could be lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';

describe('durable acknowledgement', () => {
  it('opens the store in WAL mode with synchronous=FULL (and incremental auto_vacuum, secure_delete=FAST for retention)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'territory-durable-'));
    const store = new SqliteJobStore(dir);
    try {
      // PRAGMA synchronous: 1 is NORMAL, 2 is FULL; auto_vacuum 2 is INCREMENTAL; secure_delete 2 is FAST.
      expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 2, autoVacuum: 2, secureDelete: 2 });
    } finally {
      void store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
