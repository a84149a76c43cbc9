/**
 * Large problem documents are kept beside the SQLite file, one file each in `DATA_DIR/bodies/`, not
 * in a row. Writing a 50 MB row holds the event loop for about a quarter of a second (better-sqlite3
 * is synchronous, and the fsync of synchronous=FULL covers all 50 MB; BENCHMARKS.md, "Large bodies"),
 * so the parse thread that read the body writes it here, fsynced, and the job row only names the
 * file; the solve thread reads it from here. Both stores do this (with DATABASE_URL too: PostgreSQL
 * rows name the files): the document is as durable as the row that names it, since it is on disk
 * before the row is committed. The files are on this machine's disk, so API processes on several
 * machines need DATA_DIR on shared storage, or large bodies kept in the database (docs/operations.md).
 *
 * A file no row names is an orphan: a body refused after it was written (the route removes it when it
 * answers), or one whose request died first. Retention removes orphans once they are an hour old (a
 * younger one may belong to a request still in flight).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rm, rmSync, statSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

/** Where a store in `dataDir` keeps its large documents. */
export function bodiesDir(dataDir: string): string {
  return join(dataDir, 'bodies');
}

const NAME = /^[0-9a-f-]{36}\.json$/;

/** Writes a document durably (the file and its directory entry fsynced); returns the file's name. */
export function writeStagedBody(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const name = `${randomUUID()}.json`;
  const fd = openSync(join(dir, name), 'wx');
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The new name must survive a power loss too, not only the bytes.
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return name;
}

/** A stored document's path (the name is checked: it comes from the store, never from a client). */
export function stagedBodyPath(dir: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`not a staged body name: ${name}`);
  return join(dir, name);
}

export function readStagedBody(dir: string, name: string): string {
  return readFileSync(stagedBodyPath(dir, name), 'utf8');
}

/**
 * Removes documents, in the background: unlinking a 50 MB file frees its blocks, which is not the
 * event loop's to wait for. The row that named it is gone already, so nothing reads it any more; one
 * already gone is no error, and one whose removal fails is an orphan that retention removes later.
 */
export function removeStagedBodies(dir: string, names: Iterable<string | null>): void {
  for (const name of names) if (name) rm(stagedBodyPath(dir, name), { force: true }, () => {});
}

/** Removes the files no row names that are older than `minAgeMs`; returns how many. */
export function removeOrphanBodies(dir: string, named: ReadonlySet<string>, now: number, minAgeMs: number): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!NAME.test(name) || named.has(name)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < minAgeMs) continue;
      rmSync(path, { force: true });
      removed++;
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}
