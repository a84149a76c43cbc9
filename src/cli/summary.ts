/**
 * The plan as a sales leader reads it in a terminal: status and proof, one row per territory,
 * balance per role, the capacity report, and the moves. Laid out for 120 columns whatever the
 * size (names are cut to fit, prose wrapped, long lists capped); the JSON has everything.
 */
import type { TerritoryResult } from '../../solver/index.ts';
import { formatHiring } from './hiring-summary.ts';
import { capped, num, pct, table, wrap } from './text.ts';

/** Moves, warnings and diagnoses listed in full up to this many; the rest are counted. */
const LISTED = 20;
/** Outliers listed in full. */
const OUTLIERS = 10;

export function formatSummary(result: TerritoryResult): string {
  const s = result.solver;
  const out: string[] = [];
  out.push(...wrap(`Territory plan${result.name ? `: ${result.name}` : ''}`));
  const proof = s.bound !== null ? `, bound ${num(s.bound, 2)}, gap ${pct(s.gap, 2)}` : '';
  const objective = s.objective !== null ? `objective ${num(s.objective, 2)}${proof}` : 'no plan';
  out.push(...wrap(`Status: ${s.status} (${objective}; ${num(s.seconds, 1)} s of ${num(s.timeLimitSeconds)} s, ${s.strategy})`));
  if (s.message) out.push(...wrap(`Note: ${s.message}`));

  if (result.diagnosis?.length) {
    out.push('', 'Why no plan is possible');
    out.push(...capped(result.diagnosis, LISTED, (d) => wrap(`[${d.family}] ${d.message}`, '- '), ''));
  }
  // Where to hire is the question a problem with hire asks: its answer comes first.
  if (result.hiring) out.push(...formatHiring(result.hiring, s.message));

  const cap = result.capacity;
  if (result.territories.length > 0) {
    const segments = [...new Set(result.territories.flatMap((t) => Object.keys(t.accountsBySegment)))].sort();
    const named = result.territories.some((t) => t.repName !== undefined);
    const perWeek = new Map(cap.reps.map((r) => [r.repId, r.callsPerWeek]));
    // Calls per week is a column (it was one line of every rep, 1,400 characters for 100 reps).
    // Call hours are total - travel, left out so that names keep some room in 120 columns.
    out.push('', `Territories (hours a year; calls/wk over ${num(cap.weeksPerYear)} working weeks)`);
    out.push(table([
      ['rep', ...(named ? ['name'] : []), 'role', 'accts', ...segments, 'travel h', 'total h', 'cap. h', 'util', 'value', 'km/yr', 'calls/wk'],
      ...result.territories.map((t) => [
        t.repId,
        ...(named ? [t.repName ?? ''] : []),
        t.role,
        num(t.accounts),
        ...segments.map((seg) => num(t.accountsBySegment[seg] ?? 0)),
        num(t.workload.travel),
        num(t.workload.total),
        num(t.capacity),
        pct(t.utilization, 0),
        num(t.value),
        num(t.travelKm),
        num(perWeek.get(t.repId) ?? 0, 1),
      ]),
    ], named ? { shrink: 1 } : {}));
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

  out.push('');
  out.push(...wrap(`Capacity report${cap.estimated ? ' (estimated: each account at its least-workload rep)' : ''}, target utilisation ${pct(cap.targetUtilization, 0)}`));
  out.push(table([
    ['segment', 'accounts', 'calls/yr', 'hours/yr'],
    ...cap.segments.map((g) => [g.segment, num(g.accounts), num(g.callsPerYear), num(g.hours)]),
  ]));
  out.push('');
  // Prospecting and transition hours get columns only when some rep has them.
  const prospecting = cap.roles.some((r) => r.prospectingHours > 0);
  const transition = cap.roles.some((r) => r.transitionHours > 0);
  out.push(table([
    ['role', 'reps', 'demand h', 'capacity h', ...(prospecting ? ['prospecting h'] : []), ...(transition ? ['transition h'] : []), 'util', 'coverage', 'headcount needed', 'surplus FTE'],
    ...cap.roles.map((r) => [
      r.role, num(r.reps), num(r.demandHours), num(r.capacityHours),
      ...(prospecting ? [num(r.prospectingHours)] : []), ...(transition ? [num(r.transitionHours, 1)] : []),
      pct(r.utilization, 0), pct(r.coverage, 0), num(r.headcountNeeded, 1), `${r.surplusFte >= 0 ? '+' : ''}${num(r.surplusFte, 1)}`,
    ]),
  ]));
  if (prospecting) out.push(...wrap('prospecting h: of capacity h, reserved for new business (reps[].prospectingHours) and not assignable', '- '));
  if (transition) out.push(...wrap('transition h: introduction calls of the accounts each role takes over in the first year (transition.introCallMinutes)', '- '));
  for (const r of cap.roles) {
    const verdict = r.surplusFte >= 0
      ? `${r.role}: ${num(r.reps)} ${r.reps === 1 ? 'rep carries' : 'reps carry'} the demand at ${pct(r.utilization, 0)}; ${num(r.surplusFte, 1)} FTE spare at the target`
      : `${r.role}: ${num(-r.surplusFte, 1)} more reps needed to run at the target utilisation`;
    out.push(...wrap(verdict, '- '));
  }

  if (result.quotas) {
    out.push('', 'Quotas (org target split by territory value)');
    out.push(table([['rep', 'quota', 'share'], ...result.quotas.map((q) => [q.repId, num(q.quota), pct(q.share)])]));
  }

  if (result.assignments.length > 0) {
    out.push('', `Moves against the current alignment: ${num(result.moves.length)} of ${num(result.assignments.length)} accounts`);
    if (result.rebalance) {
      const { moveCost, moveCostBound } = result.rebalance;
      const proven = moveCostBound === null ? 'not proven least' : moveCostBound >= moveCost - 1e-9 ? 'proven least' : `no plan below ${num(moveCostBound, 1)}`;
      out.push(...wrap(`rebalance: the fewest moves that fix what is broken, weighted by segment (move cost ${num(moveCost, 1)}, ${proven}), then the least travel at that cost`, '  ', '    '));
    }
    const reasons = new Map<string, number>();
    for (const m of result.moves) reasons.set(m.reason, (reasons.get(m.reason) ?? 0) + 1);
    if (reasons.size > 0) out.push(...wrap(`why: ${[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${num(n)}`).join(', ')}`, '  ', '    '));
    // The explanation names the account and both reps; the ids are in the JSON and the CSV.
    out.push(...capped(result.moves, LISTED, (m) => wrap(`[${m.reason}] ${m.explanation}`, '  - ', '    '), '  '));
  }
  if (result.compactness) {
    const k = result.compactness;
    out.push('', ...wrap(`Outliers: ${num(k.stretchAbove2)} account${k.stretchAbove2 === 1 ? '' : 's'} more than twice as far from their rep as from the nearest eligible one (max stretch ${num(k.maxStretch, 1)}); ${pct(k.nearestShare, 0)} of accounts at their nearest eligible rep; ${num(k.overlappingHulls)} of ${num(k.hulls)} same-role territory hulls overlap`));
    out.push(...k.outliers.slice(0, OUTLIERS).flatMap((o) => wrap(`[${o.reason}] stretch ${num(o.stretch, 1)}: ${o.explanation}`, '  * ', '    ')));
    if (k.stretchAbove2 > OUTLIERS) out.push(`  (${num(k.stretchAbove2 - OUTLIERS)} more outliers: see compactness.outliers in --json)`);
  }
  if (result.objective) {
    const o = result.objective;
    const extra = `${o.distancePenalty > 0 ? ` + distance penalty ${num(o.distancePenalty, 2)}` : ''}${o.compactnessWeight > 0 ? ` + stretch ${num(o.stretchKm, 1)} km x weight ${o.compactnessWeight}` : ''}`;
    out.push('', ...wrap(`Objective ${num(o.total, 2)}: travel ${num(o.travel, 1)} x weight ${o.travelWeight} + disruption ${num(o.disruption, 2)} x weight ${o.disruptionWeight} + balance penalty ${num(o.balancePenalty, 2)}${extra}`));
  }
  if (result.warnings.length > 0) {
    out.push('', 'Warnings');
    out.push(...capped(result.warnings, LISTED, (w) => wrap(`${w.path}: ${w.message}`, '- '), ''));
  }
  return out.join('\n');
}
