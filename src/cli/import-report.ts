/**
 * The import report as text for a terminal (stderr of `territory import`): what was read and how,
 * owners, locations, defaults applied, warnings; or, for a rejected import, every row to fix. Long
 * lists are capped; the whole report is in --report-json.
 */
import { formatImportError, type ImportError, type ImportReport } from '../imports/report.ts';
import { capped, num, wrap } from './text.ts';

const LIST = 10;
const WHERE = ' (see --report-json)';

export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(`Import: ${num(report.accounts)} accounts, ${num(report.reps)} reps, ${num(report.callPatterns)} call patterns`);
  lines.push('', 'Files and columns');
  for (const f of report.files) {
    const how = [f.format === 'csv' ? `CSV, ${f.encoding}, "${f.delimiter}"` : `xlsx, sheet "${f.sheet}"`].join('');
    lines.push(`  ${f.file} (${f.kind}, ${num(f.rows)} rows, ${how})`);
    lines.push(...wrap(f.columns.map((c) => `"${c.header}" -> ${c.field}${c.how === 'mapping' ? ' (mapped)' : ''}`).join(', '), '    ', '    '));
    if (f.ignored.length > 0) lines.push(...wrap(`ignored: ${f.ignored.map((h) => `"${h}"`).join(', ')}`, '    ', '    '));
  }

  const o = report.owners;
  const matched = o.matched.id + o.matched.name + o.matched.email;
  lines.push('', 'Owners');
  lines.push(`  ${num(matched)} accounts matched to a rep (${num(o.matched.id)} by id, ${num(o.matched.name)} by name, ${num(o.matched.email)} by e-mail); ${num(o.none)} with no owner (new accounts)`);
  lines.push(...capped(o.owners, LIST, (w) => [`    "${w.value}" -> ${w.repId} (by ${w.how}, ${num(w.accounts)} accounts)`], '    ', WHERE));
  if (o.unmatched.length > 0) {
    lines.push(`  matched nothing: ${num(o.unmatched.reduce((s, u) => s + u.accounts, 0))} accounts`);
    lines.push(...capped(o.unmatched, LIST, (u) => [`    ${u.reason} (${num(u.accounts)} accounts, rows ${u.rows.slice(0, 5).join(', ')}${u.rows.length > 5 ? ', …' : ''})`], '    ', WHERE));
  }

  const g = report.geocoding;
  const byPostal = g.geocoded.filter((r) => r.how === 'postal code').length;
  lines.push('', 'Locations');
  lines.push(`  ${num(g.fromCoordinates)} rows by latitude/longitude; ${num(g.geocoded.length)} geocoded offline (${num(byPostal)} by postal code, ${num(g.geocoded.length - byPostal)} by city); ${num(g.notPlaced.length)} not placed`);
  lines.push(...capped(g.geocoded, LIST, (r) => [`    ${r.file} row ${r.row} (${r.id}): ${r.how} "${r.query}" -> ${r.place}${r.note ? `; ${r.note}` : ''}`], '    ', WHERE));
  for (const r of g.notPlaced.slice(0, LIST)) lines.push(`    not placed: ${r.file} row ${r.row} (${r.id}): ${r.reason}`);
  if (report.travel) lines.push(`  travel: ${report.travel.file}, ${num(report.travel.pairs)} (rep, account) pairs in ${report.travel.unit}: ${report.travel.detail}`);

  if (report.defaults.length > 0) {
    lines.push('', 'Defaults applied (what the files do not hold)');
    for (const d of report.defaults) {
      lines.push(...wrap(`${d.what} (${num(d.rows)} rows): ${d.detail}`, '  ', '    '));
      lines.push(...wrap(`override: ${d.override}`, '    ', '    '));
    }
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings');
    for (const w of report.warnings) lines.push(...wrap(w, '  ', '    '));
  }
  return lines.join('\n');
}

export function formatImportErrors(errors: readonly ImportError[]): string {
  const rows = new Set(errors.filter((e) => e.row !== null).map((e) => `${e.file}\n${e.row}`)).size;
  const files = errors.filter((e) => e.row === null).length;
  const what = [rows > 0 ? `${num(rows)} row${rows === 1 ? '' : 's'}` : null, files > 0 ? `${num(files)} file-level problem${files === 1 ? '' : 's'}` : null].filter(Boolean).join(' and ');
  return [`The import was rejected: ${what} to fix (no problem was written):`, ...errors.map((e) => `  ${formatImportError(e)}`)].join('\n');
}
