/**
 * Call patterns: the patterns file (segment, role, calls per year as a number or a frequency word,
 * minutes per call, channel), or without one the template from common practice for the roles the
 * reps have (defaults.ts); then the check that every role and segment in use has a pattern.
 */
import type { CallPattern } from '../../solver/index.ts';
import type { RowReader } from './cells.ts';
import type { FieldOf } from './columns.ts';
import { callPatternTemplate, callsPerYearOf, channelOf } from './defaults.ts';
import { fmt, round, type Account, type ImportRun, type Rep, type Source } from './import-run.ts';
import type { Table } from './table.ts';

export function readPatterns(run: ImportRun, file: { table: Table; reader: RowReader<FieldOf<'patterns'>> } | undefined, roles: ReadonlySet<string>): { patterns: CallPattern[]; sources: Source[] } {
  const { options, errors } = run;
  const patterns: CallPattern[] = [];
  const sources: Source[] = [];
  if (!file) {
    const template = callPatternTemplate(roles, options.weeksPerYear);
    for (const p of template) {
      const { why: _why, ...pattern } = p;
      patterns.push(pattern);
      sources.push({ file: 'call-pattern template', row: 0, columns: {} });
    }
    run.defaults.push({ what: 'callPatterns', detail: `no patterns file: the template (${template.map((p) => `${p.segment}/${p.role} ${fmt(p.callsPerYear)} x ${p.minutesPerCall} min ${p.channel}`).join('; ')})`, rows: template.length, override: '--patterns <file> (territory import --patterns-template writes the template to edit)' });
    return { patterns, sources };
  }
  const { table, reader } = file;
  const seen = new Map<string, number>();
  let defaultChannel = 0;
  for (const row of table.rows) {
    const before = errors.length;
    const segment = reader.text(row, 'segment');
    const role = reader.text(row, 'role')?.toLowerCase();
    if (segment === undefined) reader.fail(row, 'segment', 'has no segment');
    if (role === undefined) reader.fail(row, 'role', 'has no role');
    const callsText = reader.text(row, 'callsPerYear');
    let callsPerYear: number | undefined;
    if (callsText === undefined) reader.fail(row, 'callsPerYear', 'has no calls per year');
    else {
      callsPerYear = callsPerYearOf(callsText, options.weeksPerYear);
      if (callsPerYear === undefined) callsPerYear = /^[\d\s.,]+$/.test(callsText) ? reader.number(row, 'callsPerYear', 'decimal', { min: 0 }) : undefined;
      if (callsPerYear === undefined && errors.length === before) reader.fail(row, 'callsPerYear', `"${callsText}" is not a number of calls per year or a frequency (weekly, bi-weekly, monthly, quarterly, yearly, …)`);
    }
    const minutesText = reader.text(row, 'minutesPerCall');
    const minutesPerCall = reader.number(row, 'minutesPerCall', 'decimal', { min: 0 });
    if (minutesText === undefined) reader.fail(row, 'minutesPerCall', 'has no minutes per call');
    const channelText = reader.text(row, 'channel');
    let channel = channelText === undefined ? undefined : channelOf(channelText);
    if (channelText !== undefined && channel === undefined) reader.fail(row, 'channel', `"${channelText}" is not a channel (in person, phone or video)`);
    if (channelText === undefined) {
      channel = role === 'field' ? 'in_person' : 'phone';
      defaultChannel++;
    }
    if (segment !== undefined && role !== undefined) {
      const key = `${segment}\u0000${role}`;
      const dup = seen.get(key);
      if (dup !== undefined) reader.fail(row, 'segment', `a second pattern for segment ${segment} and role ${role} (also row ${dup})`);
      seen.set(key, row.row);
    }
    if (errors.length > before) continue;
    patterns.push({ segment: segment!, role: role!, callsPerYear: round(callsPerYear!, 4), minutesPerCall: minutesPerCall!, channel: channel! });
    sources.push({ file: table.source, row: row.row, columns: { segment: reader.header('segment'), role: reader.header('role'), callsPerYear: reader.header('callsPerYear'), minutesPerCall: reader.header('minutesPerCall'), channel: reader.header('channel') } });
  }
  if (defaultChannel > 0) run.defaults.push({ what: 'channel', detail: 'no channel: in person for role field, phone for other roles', rows: defaultChannel, override: 'a channel column in the patterns file' });
  return { patterns, sources };
}

/** Every role of the reps should have a pattern (a warning), every segment an account names must (an error of its row). */
export function checkPatternCoverage(run: ImportRun, patterns: readonly CallPattern[], reps: readonly Rep[], accounts: readonly Account[], accountSources: readonly Source[]): void {
  const patternRoles = new Set(patterns.map((p) => p.role));
  for (const role of new Set(reps.map((r) => r.role))) {
    if (!patternRoles.has(role)) run.warnings.push(`role "${role}" (${reps.filter((r) => r.role === role).length} rep(s)) has no call pattern: its reps can own no account (add patterns for it, or map their titles to another role)`);
  }
  const segments = new Set(patterns.map((p) => p.segment));
  accounts.forEach((a, i) => {
    if (a.segment !== undefined && !segments.has(a.segment) && a.workload === undefined) {
      const src = accountSources[i]!;
      run.errors.push({ file: src.file, row: src.row, column: src.columns.segment ?? null, reason: `segment "${a.segment}" has no call pattern (the patterns cover ${[...segments].join(', ')})` });
    }
  });
}
