/**
 * The plan as a sales leader reads it in a terminal: status and proof, one row per territory,
 * balance per role, the capacity report, and the moves.
 */
import type { TerritoryResult } from '../../solver/index.ts';

const num = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x: number | null, digits = 1) => (x === null ? '-' : `${num(x * 100, digits)}%`);

/** A plain text table: first row is the header; numbers right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const numeric = rows[0]!.map((_, c) => rows.slice(1).every((r) => /^[-+]?[\d,.]+%?$|^-$/.test(r[c]!)));
  const line = (r: ReadonlyArray<string>) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function formatSummary(result: TerritoryResult): string {
  const s = result.solver;
  const out: string[] = [];
  out.push(`Territory plan${result.name ? `: ${result.name}` : ''}`);
  const proof = s.bound !== null ? `, bound ${num(s.bound, 2)}, gap ${pct(s.gap, 2)}` : '';
  const objective = s.objective !== null ? `objective ${num(s.objective, 2)}${proof}` : 'no plan';
  out.push(`Status: ${s.status} (${objective}; ${num(s.seconds, 1)} s of ${num(s.timeLimitSeconds)} s, ${s.strategy})`);
  if (s.message) out.push(`Note: ${s.message}`);

  if (result.diagnosis?.length) {
    out.push('', 'Why no plan is possible');
    for (const d of result.diagnosis) out.push(`- [${d.family}] ${d.message}`);
  }

  if (result.territories.length > 0) {
    const segments = [...new Set(result.territories.flatMap((t) => Object.keys(t.accountsBySegment)))].sort();
    out.push('', 'Territories');
    out.push(table([
      ['rep', 'role', 'accounts', ...segments, 'calls h', 'travel h', 'workload h', 'capacity h', 'util', 'value', 'travel km/yr'],
      ...result.territories.map((t) => [
        t.repName ? `${t.repId} (${t.repName})` : t.repId,
        t.role,
        num(t.accounts),
        ...segments.map((seg) => num(t.accountsBySegment[seg] ?? 0)),
        num(t.workload.calls),
        num(t.workload.travel),
        num(t.workload.total),
        num(t.capacity),
        pct(t.utilization, 0),
        num(t.value),
        num(t.travelKm),
      ]),
    ]));
    out.push('', 'Balance within each role (index 1.00 = exactly the capacity-proportional share)');
    out.push(table([
      ['role', 'reps', 'workload min-max h', 'max/min', 'CV', 'worst dev.', 'value max/min', 'value CV', 'worst dev.'],
      ...result.balance.map((b) => [
        b.role,
        num(b.reps),
        `${num(b.workload.min)}-${num(b.workload.max)}`,
        b.workload.maxMinRatio === null ? '-' : num(b.workload.maxMinRatio, 2),
        pct(b.workload.cv),
        pct(b.workload.maxDeviationFromShare),
        b.value.maxMinRatio === null ? '-' : num(b.value.maxMinRatio, 2),
        pct(b.value.cv),
        pct(b.value.maxDeviationFromShare),
      ]),
    ]));
  }

  const cap = result.capacity;
  out.push('', `Capacity report${cap.estimated ? ' (estimated: each account at its least-workload rep)' : ''}, target utilisation ${pct(cap.targetUtilization, 0)}`);
  out.push(table([
    ['segment', 'accounts', 'calls/yr', 'hours/yr'],
    ...cap.segments.map((g) => [g.segment, num(g.accounts), num(g.callsPerYear), num(g.hours)]),
  ]));
  out.push('');
  out.push(table([
    ['role', 'reps', 'demand h', 'capacity h', 'util', 'coverage', 'headcount needed', 'surplus FTE'],
    ...cap.roles.map((r) => [r.role, num(r.reps), num(r.demandHours), num(r.capacityHours), pct(r.utilization, 0), pct(r.coverage, 0), num(r.headcountNeeded, 1), `${r.surplusFte >= 0 ? '+' : ''}${num(r.surplusFte, 1)}`]),
  ]));
  for (const r of cap.roles) {
    const verdict = r.surplusFte >= 0
      ? `${r.role}: ${num(r.reps)} rep${r.reps === 1 ? '' : 's'} carry the demand at ${pct(r.utilization, 0)}; ${num(r.surplusFte, 1)} FTE spare at the target`
      : `${r.role}: ${num(-r.surplusFte, 1)} more reps needed to run at the target utilisation`;
    out.push(`- ${verdict}`);
  }
  if (cap.reps.length > 0 && result.territories.length > 0) {
    out.push('', `Calls per week (${num(cap.weeksPerYear)} working weeks): ${cap.reps.map((r) => `${r.repId} ${num(r.callsPerWeek, 1)}`).join(', ')}`);
  }

  if (result.quotas) {
    out.push('', 'Quotas (org target split by territory value)');
    out.push(table([['rep', 'quota', 'share'], ...result.quotas.map((q) => [q.repId, num(q.quota), pct(q.share)])]));
  }

  if (result.assignments.length > 0) {
    const shown = result.moves.slice(0, 20);
    out.push('', `Moves against the current alignment: ${num(result.moves.length)} of ${num(result.assignments.length)} accounts`);
    const reasons = new Map<string, number>();
    for (const m of result.moves) reasons.set(m.reason, (reasons.get(m.reason) ?? 0) + 1);
    if (reasons.size > 0) out.push(`  why: ${[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${num(n)}`).join(', ')}`);
    for (const m of shown) out.push(`  ${m.accountId}: ${m.fromRepId ?? '(none)'} -> ${m.toRepId} (${m.reason}: ${m.explanation})`);
    if (result.moves.length > shown.length) out.push(`  ... and ${num(result.moves.length - shown.length)} more (see --json or --out)`);
  }
  if (result.objective) {
    const o = result.objective;
    out.push('', `Objective ${num(o.total, 2)}: travel ${num(o.travel, 1)} x weight ${o.travelWeight} + disruption ${num(o.disruption, 2)} x weight ${o.disruptionWeight} + balance penalty ${num(o.balancePenalty, 2)}`);
  }
  if (result.warnings.length > 0) {
    out.push('', 'Warnings');
    for (const w of result.warnings) out.push(`- ${w.path}: ${w.message}`);
  }
  return out.join('\n');
}
