/**
 * The hiring section of the terminal summary (a problem with hire or retire): where the hires live,
 * whom the plan lets go, how well the choice is proven, and what changes against today.
 */
import type { HiringResult } from '../../solver/index.ts';
import { num, pct, table, wrap } from './text.ts';

/** `said`: the solver's message, not repeated as the hiring note when they are one. */
export function formatHiring(hiring: HiringResult, said?: string): string[] {
  const out: string[] = ['', `Hiring${hiring.role ? ` (${hiring.role})` : ''}`];
  const sites = hiring.sites.map((s) => `${s.name ?? s.id} (${s.repId}, ${num(s.accounts)} account${s.accounts === 1 ? '' : 's'}${s.cost > 0 ? `, cost ${num(s.cost)}` : ''})`);
  if (hiring.requested !== null) out.push(...wrap(`Hire at: ${sites.length > 0 ? sites.join(', ') : hiring.hired > 0 ? 'no site chosen' : 'nobody'}${hiring.requested === 'auto' ? ` (count auto: ${num(hiring.hired)})` : ''}`, '- ', '    '));
  if (hiring.retired.length > 0) {
    out.push(...wrap(`Let go: ${hiring.retired.map((r) => `${r.repName ?? r.repId} (${r.repId}, ${num(r.accountsToday)} accounts today)`).join(', ')}`, '- ', '    '));
  }
  const loc = hiring.location;
  if (loc) {
    const proof = loc.bound !== null ? `, bound ${num(loc.bound, 1)}, gap ${pct(loc.gap, 2)}` : '';
    out.push(...wrap(`Location choice: ${loc.status}${loc.objective !== null ? ` (cost ${num(loc.objective, 1)}${proof})` : ''}, ${loc.strategy}`, '- ', '    '));
  }
  if (hiring.message && hiring.message !== said) out.push(...wrap(`Note: ${hiring.message}`, '- ', '    '));
  const c = hiring.change;
  const travel = c.travelKmPlan === null ? 'no plan' : `${num(c.travelKmPlan)} km/yr in the plan`;
  out.push(...wrap(`Against today's alignment${c.unassignedToday > 0 ? ` (${num(c.unassignedToday)} account${c.unassignedToday === 1 ? '' : 's'} without a rep today left out)` : ''}: travel ${num(c.travelKmToday)} km/yr today, ${travel}`, '- ', '    '));
  const dash = '-';
  out.push(table([
    ['role', 'reps today', 'plan', 'util today', 'plan', 'workload CV today', 'plan', 'FTE needed today', 'plan'],
    ...c.roles.map((r) => [
      r.role,
      num(r.today.reps), r.plan ? num(r.plan.reps) : dash,
      pct(r.today.utilization, 0), r.plan ? pct(r.plan.utilization, 0) : dash,
      pct(r.today.workloadCv), r.plan ? pct(r.plan.workloadCv) : dash,
      num(r.today.headcountNeeded, 1), r.plan ? num(r.plan.headcountNeeded, 1) : dash,
    ]),
  ]));
  return out;
}
