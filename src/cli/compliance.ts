/**
 * Plan versus actual as a sales leader reads it in a terminal (`territory compliance`): the period
 * and the log, totals and coverage, one row per segment and per rep, the lemonade stands and the
 * accounts and reps furthest off plan. Laid out for 120 columns; the JSON has every account.
 */
import type { ComplianceReport, Coverage } from '../../solver/index.ts';
import { capped, num, pct, table, wrap } from './text.ts';

const LISTED = 20;

const ratio = (x: number | null) => (x === null ? '-' : pct(x, 0));
/** "1 record", "2 records". */
const count = (n: number, word: string, plural = `${word}s`) => `${num(n)} ${n === 1 ? word : plural}`;
const coverage = (c: Coverage) => (c.accounts === 0 ? '-' : `${num(c.full)}/${num(c.accounts)}`);

export function formatCompliance(report: ComplianceReport): string {
  const out: string[] = [];
  const { period, log, totals } = report;
  const source = period.fromSource === 'log' || period.toSource === 'log' ? `; ${[period.fromSource === 'log' ? 'from' : null, period.toSource === 'log' ? 'to' : null].filter(Boolean).join(' and ')} taken from the log` : '';
  out.push(...wrap(`Plan versus actual: ${period.from} to ${period.to} (${num(period.days)} days${source}); planned = yearly x ${num(period.days)} / 365`));
  const plan = report.plan.source === 'current' ? 'today\'s alignment (currentRepId)' : 'the plan\'s assignments';
  out.push(...wrap(`Plan: ${plan}, ${num(report.plan.accounts)} accounts${report.plan.unplanned > 0 ? ` (${num(report.plan.unplanned)} with no rep)` : ''}`));
  out.push(...wrap(`Log: ${count(log.records, 'record')}, ${num(log.counted)} counted, ${num(log.outsidePeriod)} outside the period, ${num(log.withKm)} with km`));
  const matched = (what: string, list: ComplianceReport['log']['repsMatchedByName']) => {
    if (list.length === 0) return;
    const records = list.reduce((s, m) => s + m.records, 0);
    out.push(...wrap(`${what}: ${count(records, 'record')} (${list.slice(0, 3).map((m) => `"${m.reference}" is ${m.id}`).join(', ')}${list.length > 3 ? ', …' : ''})`, '- '));
  };
  matched('Reps matched by name, not id', log.repsMatchedByName);
  matched('Reps matched by e-mail', log.repsMatchedByEmail);
  matched('Accounts matched by name, not id', log.accountsMatchedByName);
  const unknown = (what: string, list: ComplianceReport['log']['unknownAccounts'], records: number) => {
    if (list.length === 0) return;
    out.push(...wrap(`${what} (not counted): ${count(records, 'record')}, ${count(list.length, 'reference')}`, '- '));
    out.push(...capped(list, LISTED, (u) => wrap(`"${u.reference}": ${num(u.records)} (${u.examples.join(', ')}${u.records > u.examples.length ? ', …' : ''})`, '    ', '      '), '    '));
  };
  unknown('Unknown accounts', log.unknownAccounts, log.unknownAccountRecords);
  unknown('Unknown reps', log.unknownReps, log.unknownRepRecords);
  if (log.skipped.length > 0) out.push(...wrap(`Left out as no calls: ${log.skipped.map((s) => `${s.type} ${num(s.rows)}`).join(', ')}`, '- '));

  out.push('');
  const km = totals.actualKm === null ? `${num(totals.idealKm)} km ideal (the log has no km)` : `${num(totals.actualKm)} km of ${num(totals.idealKm)} km ideal`;
  out.push(...wrap(`Totals: ${num(totals.actualCalls)} of ${num(totals.plannedCalls)} planned calls (${ratio(totals.attainment)}), ${num(totals.actualHours)} h of ${num(totals.plannedHours)} h planned, ${km}; ${count(totals.offPlanCalls, 'off-plan call')} on ${count(totals.flaggedAccounts, 'account')}`));
  const c = report.coverage;
  out.push(...wrap(c.accounts === 0
    ? 'Coverage of A accounts: no A account had a call due in the period'
    : `Coverage of A accounts: ${num(c.full)} of ${num(c.accounts)} got their due calls (${ratio(c.fullShare)}), ${num(c.half)} at least half (${ratio(c.halfShare)})`));

  out.push('', ...wrap('Segments (calls that count for the pattern; hours are call hours, travel not included)'));
  out.push(table([
    ['segment', 'accts', 'plan calls', 'calls', 'attain.', 'plan h', 'actual h', 'plan share', 'actual share', 'due', 'covered', 'half'],
    ...report.segments.map((s) => [
      s.segment, num(s.accounts), num(s.plannedCalls, 1), num(s.actualCalls), ratio(s.plannedCalls > 0 ? s.actualCalls / s.plannedCalls : null),
      num(s.plannedHours, 1), num(s.actualHours, 1), ratio(s.plannedShare), ratio(s.actualShare), num(s.coverage.accounts), num(s.coverage.full), num(s.coverage.half),
    ]),
  ]));

  const named = report.reps.some((r) => r.repName !== undefined);
  out.push('', ...wrap('Reps (own: calls on its own accounts that count; other: calls on accounts of other reps; A cov.: A accounts covered / due)'));
  out.push(table([
    ['rep', ...(named ? ['name'] : []), 'accts', 'plan calls', 'own', 'other', 'attain.', 'plan h', 'actual h', 'C plan h', 'C h', 'A cov.', 'ideal km', 'km'],
    ...report.reps.map((r) => [
      r.repId, ...(named ? [r.repName ?? ''] : []), num(r.accounts), num(r.plannedCalls, 1), num(r.ownCalls), num(r.otherAccountCalls), ratio(r.attainment),
      num(r.plannedHours, 1), num(r.actualHours, 1), num(r.hoursBySegment.C?.planned ?? 0, 1), num(r.hoursBySegment.C?.actual ?? 0, 1), coverage(r.coverageA),
      num(r.idealKm), r.actualKm === null ? '-' : num(r.actualKm),
    ]),
  ], named ? { shrink: 1 } : {}));

  out.push('', 'Lemonade stands (more hours on C accounts than planned while A accounts go short)');
  if (report.lemonadeStands.length === 0) out.push('  none');
  out.push(...capped(report.lemonadeStands, LISTED, (l) => wrap(l.message, '  - ', '    '), '  '));

  const { top } = report.furthestOffPlan;
  out.push('', `Accounts furthest off plan (top ${num(top)})`);
  if (report.furthestOffPlan.accounts.length === 0) out.push('  none: every account got its due calls');
  for (const a of report.furthestOffPlan.accounts) out.push(...wrap(a.message, '  - ', '    '));
  out.push('', `Reps furthest off plan (top ${num(top)})`);
  if (report.furthestOffPlan.reps.length === 0) out.push('  none');
  for (const r of report.furthestOffPlan.reps) out.push(...wrap(r.message, '  - ', '    '));
  return out.join('\n');
}
