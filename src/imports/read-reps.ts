/**
 * The reps file: one rep per row, its id (or, without an id column, its e-mail or name), location,
 * role (its own, or from the title), capacity (its own, or from FTE x the hours of a full-time
 * selling year) and limits. The defaults used are reported with how many rows took them.
 */
import { listOf, type RowReader } from './cells.ts';
import type { FieldOf } from './columns.ts';
import { roleOfTitle } from './defaults.ts';
import { fmt, round, type ImportRun, type Rep, type Source } from './import-run.ts';
import type { Table } from './table.ts';

export function readReps(run: ImportRun, table: Table, reader: RowReader<FieldOf<'reps'>>): { reps: Rep[]; sources: Source[] } {
  const { options, errors } = run;
  const reps: Rep[] = [];
  const sources: Source[] = [];
  const ids = new Map<string, number>();
  const used = { idFrom: new Map<string, number>(), role: new Map<string, number>(), capacity: 0, fteCapacity: 0 };
  const capacityFte = options.hoursPerWeek * options.weeksPerYear * options.sellingShare;
  for (const row of table.rows) {
    const before = errors.length;
    const name = reader.text(row, 'name') ?? ([reader.text(row, 'firstName'), reader.text(row, 'lastName')].filter(Boolean).join(' ') || undefined);
    const email = reader.text(row, 'email');
    let id = reader.text(row, 'id');
    if (id === undefined && !reader.has('id')) {
      const from = email !== undefined ? 'e-mail' : 'name';
      id = email ?? name;
      if (id !== undefined) used.idFrom.set(from, (used.idFrom.get(from) ?? 0) + 1);
    }
    if (id === undefined) {
      reader.fail(row, reader.has('id') ? 'id' : null, 'has no rep id');
      continue;
    }
    const first = ids.get(id);
    if (first !== undefined) {
      reader.fail(row, reader.has('id') ? 'id' : 'email', `duplicate rep id "${id}" (also row ${first})`);
      continue;
    }
    ids.set(id, row.row);
    const location = run.place(reader, row, id);

    let role = reader.text(row, 'role')?.toLowerCase();
    if (role === undefined) {
      const title = reader.text(row, 'title');
      const byTitle = title === undefined ? undefined : roleOfTitle(title, options);
      role = byTitle?.role ?? options.defaultRole;
      const key = byTitle ? `title contains "${byTitle.entry}" -> ${role}` : `${title === undefined ? 'no title' : 'title matches no entry'} -> ${role} (default role)`;
      used.role.set(key, (used.role.get(key) ?? 0) + 1);
    }
    let capacity = reader.number(row, 'capacity', 'amount', { positive: true });
    if (capacity === undefined && reader.text(row, 'capacity') === undefined) {
      let fte = reader.number(row, 'fte', 'decimal', { positive: true });
      if (fte !== undefined && fte > 1.5) {
        reader.fail(row, 'fte', `FTE "${reader.text(row, 'fte')}" is above 1.5: write a fraction of full time (0.8) or a percentage (80%)`);
        fte = undefined;
      } else if (fte === undefined && reader.text(row, 'fte') === undefined) {
        used.capacity++;
      } else if (fte !== undefined) {
        used.fteCapacity++;
      }
      if (fte !== undefined || reader.text(row, 'fte') === undefined) capacity = round((fte ?? 1) * capacityFte, 1);
    }
    const skills = listOf(reader.text(row, 'skills'));
    const maxAccounts = reader.number(row, 'maxAccounts', 'amount', { min: 0, integer: true });
    if (capacity === undefined || errors.length > before) continue;
    reps.push({
      id,
      ...(name !== undefined ? { name } : {}),
      ...location,
      role,
      capacity,
      ...(skills ? { skills } : {}),
      ...(maxAccounts !== undefined ? { maxAccounts } : {}),
      ...(email !== undefined ? { email } : {}),
    });
    sources.push({ file: table.source, row: row.row, columns: { id: reader.header('id'), name: reader.header('name'), lat: reader.header('lat'), lon: reader.header('lon'), role: reader.header('role') ?? reader.header('title'), capacity: reader.header('capacity') ?? reader.header('fte'), skills: reader.header('skills'), maxAccounts: reader.header('maxAccounts') } });
  }
  const { defaults } = run;
  for (const [from, n] of used.idFrom) defaults.push({ what: 'rep id', detail: `no id column: the ${from} is the rep id`, rows: n, override: `--map reps.id="<header>"` });
  if (used.capacity > 0) defaults.push({ what: 'capacity', detail: `${options.hoursPerWeek} h/week x ${options.weeksPerYear} weeks x ${options.sellingShare} selling share = ${fmt(capacityFte)} h/year (1 FTE)`, rows: used.capacity, override: '--hours-per-week, --weeks-per-year, --selling-share (options.capacity), or a capacity or FTE column' });
  if (used.fteCapacity > 0) defaults.push({ what: 'capacity', detail: `FTE x ${options.hoursPerWeek} h/week x ${options.weeksPerYear} weeks x ${options.sellingShare} selling share (${fmt(capacityFte)} h/year per FTE)`, rows: used.fteCapacity, override: '--hours-per-week, --weeks-per-year, --selling-share (options.capacity), or a capacity column' });
  for (const [key, n] of used.role) defaults.push({ what: 'role', detail: `from the title: ${key}`, rows: n, override: '--role-map "<title words>=<role>", --default-role (options.roleMap, options.defaultRole), or a role column' });
  return { reps, sources };
}
