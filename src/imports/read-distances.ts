/**
 * The optional distances file: a long table (account, rep, km or drive minutes) that becomes the
 * problem's travel matrix. It must give every rep's distance to every account; drive minutes become
 * km at 60 km/h with circuity 1, so that travel hours are the drive time.
 */
import type { ProblemInput } from '../../solver/index.ts';
import type { RowReader } from './cells.ts';
import type { FieldOf } from './columns.ts';
import type { Account, ImportRun, Rep } from './import-run.ts';
import type { OwnerMatcher } from './owners.ts';
import type { Table } from './table.ts';

export function readDistances(run: ImportRun, table: Table, reader: RowReader<FieldOf<'distances'>>, accounts: readonly Account[], reps: readonly Rep[], matcher: OwnerMatcher, files: { accounts: string; reps: string }): ProblemInput['travel'] | undefined {
  const unit = reader.has('km') ? 'km' : 'minutes';
  if (reader.has('km') && reader.has('minutes')) run.warnings.push(`${table.source}: both km ("${reader.header('km')}") and minutes ("${reader.header('minutes')}"); km is used`);
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
  const repIndex = new Map(reps.map((r, j) => [r.id, j]));
  const matrix: Array<Array<number | undefined>> = reps.map(() => accounts.map(() => undefined));
  const seenAt = new Map<string, number>();
  for (const row of table.rows) {
    const accountId = reader.text(row, 'account');
    const repRef = reader.text(row, 'rep');
    const amount = reader.number(row, unit, 'decimal', { min: 0 });
    if (accountId === undefined) { reader.fail(row, 'account', 'has no account id'); continue; }
    if (repRef === undefined) { reader.fail(row, 'rep', 'has no rep id'); continue; }
    const i = accountIndex.get(accountId);
    const rep = repIndex.has(repRef) ? { ok: true as const, repId: repRef } : matcher.match(repRef);
    if (i === undefined) { reader.fail(row, 'account', `"${accountId}" is not an account id of ${files.accounts}`); continue; }
    if (!rep.ok) { reader.fail(row, 'rep', `rep ${rep.reason} in ${files.reps}`); continue; }
    if (amount === undefined) {
      if (reader.text(row, unit) === undefined) reader.fail(row, unit, `has no ${unit}`);
      continue;
    }
    const j = repIndex.get(rep.repId)!;
    const key = `${j}:${i}`;
    if (seenAt.has(key)) { reader.fail(row, 'account', `a second distance for account "${accountId}" and rep "${rep.repId}" (also row ${seenAt.get(key)})`); continue; }
    seenAt.set(key, row.row);
    // Drive time becomes km at the problem's speed of 60 km/h (1 km a minute), so travel hours are the drive time.
    matrix[j]![i] = amount;
  }
  const missing: string[] = [];
  let missingCount = 0;
  matrix.forEach((row, j) => row.forEach((v, i) => {
    if (v !== undefined) return;
    missingCount++;
    if (missing.length < 5) missing.push(`(${reps[j]!.id}, ${accounts[i]!.id})`);
  }));
  if (missingCount > 0) {
    run.errors.push({ file: table.source, row: null, column: null, reason: `no ${unit} for ${missingCount} of ${reps.length * accounts.length} (rep, account) pairs, e.g. ${missing.join(', ')}: the table must give every rep's distance to every account` });
    return undefined;
  }
  run.travelReport = {
    file: table.source, unit, pairs: reps.length * accounts.length,
    detail: unit === 'km' ? 'road km: travel.distanceKm, circuityFactor 1' : 'drive minutes: travel.distanceKm = minutes at 60 km/h (speedKmh 60, circuityFactor 1), so travel hours are the drive time',
  };
  return { distanceKm: matrix as number[][], circuityFactor: 1, speedKmh: 60 };
}
