/**
 * The accounts file: one account per row, its id, value (an empty value is a prospect: 0), location,
 * owner and lock matched to the reps (by id, name or e-mail: owners.ts), segment, skills and fixed
 * workload. An owner that matches no rep rejects the row, unless the options say to import such
 * accounts as new.
 */
import { listOf, type RowReader } from './cells.ts';
import type { FieldOf } from './columns.ts';
import type { Account, ImportRun, Source } from './import-run.ts';
import type { OwnerMatcher } from './owners.ts';
import type { Table } from './table.ts';

export function readAccounts(run: ImportRun, table: Table, reader: RowReader<FieldOf<'accounts'>>, matcher: OwnerMatcher, repsFile: string): { accounts: Account[]; sources: Source[] } {
  const { options, errors, owners } = run;
  const accounts: Account[] = [];
  const sources: Source[] = [];
  const ids = new Map<string, number>();
  let emptyValues = 0;
  for (const row of table.rows) {
    const id = reader.text(row, 'id');
    if (id === undefined) {
      reader.fail(row, 'id', 'has no account id');
      continue;
    }
    const first = ids.get(id);
    if (first !== undefined) {
      reader.fail(row, 'id', `duplicate account id "${id}" (also row ${first})`);
      continue;
    }
    ids.set(id, row.row);
    const before = errors.length;
    let value = reader.number(row, 'value', 'amount', { min: 0 });
    if (value === undefined && reader.text(row, 'value') === undefined) {
      value = 0;
      emptyValues++;
    }
    const location = run.place(reader, row, id);
    const ownerText = reader.text(row, 'owner');
    let currentRepId: string | undefined;
    if (ownerText === undefined) {
      owners.none++;
    } else {
      const m = matcher.match(ownerText);
      if (m.ok) {
        currentRepId = m.repId;
        owners.matched[m.how]++;
        const seen = owners.byValue.get(ownerText);
        owners.byValue.set(ownerText, { repId: m.repId, how: m.how, accounts: (seen?.accounts ?? 0) + 1 });
      } else {
        const seen = owners.unmatched.get(ownerText);
        owners.unmatched.set(ownerText, { accounts: (seen?.accounts ?? 0) + 1, rows: [...(seen?.rows ?? []), row.row], reason: m.reason });
        if (options.unmatchedOwners === 'reject') reader.fail(row, 'owner', `owner ${m.reason} in ${repsFile}; add the rep, fix the owner, or import with --unmatched-owners unassigned to treat the account as new`);
      }
    }
    const lockedText = reader.text(row, 'lockedRep');
    let lockedRepId: string | undefined;
    if (lockedText !== undefined) {
      const m = matcher.match(lockedText);
      if (m.ok) lockedRepId = m.repId;
      else reader.fail(row, 'lockedRep', `locked rep ${m.reason} in ${repsFile}`);
    }
    const workload = reader.number(row, 'workload', 'amount', { min: 0 });
    const segment = reader.text(row, 'segment');
    const skills = listOf(reader.text(row, 'skills'));
    const name = reader.text(row, 'name');
    if (errors.length > before || value === undefined) continue;
    accounts.push({
      id,
      ...(name !== undefined ? { name } : {}),
      ...location,
      value,
      ...(segment !== undefined ? { segment } : {}),
      ...(skills ? { skills } : {}),
      ...(currentRepId !== undefined ? { currentRepId } : {}),
      ...(lockedRepId !== undefined ? { lockedRepId } : {}),
      ...(workload !== undefined ? { workload } : {}),
    });
    sources.push({ file: table.source, row: row.row, columns: { id: reader.header('id'), name: reader.header('name'), lat: reader.header('lat') ?? reader.header('city'), lon: reader.header('lon') ?? reader.header('city'), value: reader.header('value'), segment: reader.header('segment'), skills: reader.header('skills'), currentRepId: reader.header('owner'), lockedRepId: reader.header('lockedRep'), workload: reader.header('workload') } });
  }
  if (emptyValues > 0) run.defaults.push({ what: 'value', detail: `empty "${reader.header('value')}": value 0 (a new account or prospect)`, rows: emptyValues, override: 'fill in the column' });
  if (options.unmatchedOwners === 'unassigned' && owners.unmatched.size > 0) {
    const n = [...owners.unmatched.values()].reduce((s, u) => s + u.accounts, 0);
    run.warnings.push(`${n} account(s) name an owner that matches no rep (${[...owners.unmatched.keys()].slice(0, 3).map((v) => `"${v}"`).join(', ')}): imported with no current owner (--unmatched-owners unassigned)`);
  }
  return { accounts, sources };
}
