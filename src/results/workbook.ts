/**
 * The territory workbook a sales leader opens (.xlsx): what each territory is today and what it
 * becomes under the plan, the moves, the accounts nobody owns today and where they go, the capacity
 * report and the solver's proof. The same file for `?format=xlsx` on a job's result and for
 * `territory solve --out plan.xlsx`.
 *
 * Sheets: Summary (per territory, today and plan: accounts by segment, workload hours, utilisation,
 * value, travel km; and totals), Moves, New accounts, Capacity (per role, per segment, per rep) and
 * Proof (status, objective, bound, gap, strategy, time, and one sentence in plain words). "Today" is
 * the problem's current alignment (`currentRepId`), evaluated with the same formulas as the plan
 * (solver/evaluate-alignment.ts); accounts without a current rep are not in today's figures.
 */
import ExcelJS from 'exceljs';
import { currentAlignment, evaluateAlignment, type AlignmentEvaluation, type Problem, type SolverFacts, type Territory, type TerritoryResult } from '../../solver/index.ts';
import { finishSheet, NUMBER_FORMATS as F } from './xlsx-style.ts';

export const SHEETS = ['Summary', 'Moves', 'New accounts', 'Capacity', 'Proof'] as const;

type Cell = string | number | null;

interface Column {
  readonly header: string;
  readonly width?: number;
  readonly numFmt?: string;
}

export async function toWorkbook(problem: Problem, result: TerritoryResult): Promise<Buffer> {
  const today = evaluateAlignment(problem, currentAlignment(problem));
  const plan = result.assignments.length > 0 ? evaluateAlignment(problem, result.assignments) : null;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'territory';
  summarySheet(workbook, problem, result, today);
  movesSheet(workbook, problem, result, today, plan);
  newAccountsSheet(workbook, problem, today, plan);
  capacitySheet(workbook, problem, result);
  proofSheet(workbook, result);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet whose first row is the header of one table. */
function tableSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: c.header, width: Math.max(c.width ?? 12, c.header.length + 2), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  // An empty text is an empty cell, not a cell holding "".
  for (const row of rows) sheet.addRow(row.map((v) => (v === '' ? null : v)));
  finishSheet(sheet);
  return sheet;
}

function summarySheet(workbook: ExcelJS.Workbook, problem: Problem, result: TerritoryResult, today: AlignmentEvaluation): void {
  const planned = new Map(result.territories.map((t) => [t.repId, t]));
  const segments = [...new Set([...today.accounts.map((a) => a.segment), ...result.assignments.map((a) => a.segment)])].sort((a, b) => a.localeCompare(b));
  const pair = (header: string, numFmt: string, width = 12): Column[] => [{ header: `${header} today`, numFmt, width }, { header: `${header} plan`, numFmt, width }];
  const columns: Column[] = [
    { header: 'Rep id', width: 16 },
    { header: 'Rep', width: 28 },
    { header: 'Role', width: 10 },
    ...pair('Accounts', F.count),
    ...segments.flatMap((s) => pair(s, F.count, 8)),
    ...pair('Workload h', F.hours),
    { header: 'Capacity h', numFmt: F.hours },
    ...pair('Utilisation', F.percent),
    ...pair('Value', F.value, 14),
    ...pair('Travel km', F.km),
  ];
  const figures = (t: Territory | undefined): { accounts: Cell; bySegment: (s: string) => Cell; workload: Cell; utilization: Cell; value: Cell; travelKm: Cell } => ({
    accounts: t ? t.accounts : null,
    bySegment: (s) => (t ? t.accountsBySegment[s] ?? 0 : null),
    workload: t ? t.workload.total : null,
    utilization: t ? t.utilization : null,
    value: t ? t.value : null,
    travelKm: t ? t.travelKm : null,
  });
  const row = (id: string, name: string, role: string, capacity: number, b: ReturnType<typeof figures>, a: ReturnType<typeof figures>): Cell[] => [
    id, name, role, b.accounts, a.accounts, ...segments.flatMap((s) => [b.bySegment(s), a.bySegment(s)]),
    b.workload, a.workload, capacity, b.utilization, a.utilization, b.value, a.value, b.travelKm, a.travelKm,
  ];
  const rows = problem.reps.map((rep, j) => row(rep.id, rep.name ?? '', rep.role, rep.capacity, figures(today.territories[j]), figures(planned.get(rep.id))));
  const sheet = tableSheet(workbook, 'Summary', columns, rows);
  // Totals: sums over the reps; utilisation is total workload over total capacity.
  const capacity = problem.reps.reduce((s, r) => s + r.capacity, 0);
  const total = (ts: readonly Territory[] | null): ReturnType<typeof figures> => {
    if (!ts) return figures(undefined);
    const sum = (f: (t: Territory) => number) => ts.reduce((s, t) => s + f(t), 0);
    return {
      accounts: sum((t) => t.accounts),
      bySegment: (s) => sum((t) => t.accountsBySegment[s] ?? 0),
      workload: sum((t) => t.workload.total),
      utilization: sum((t) => t.workload.total) / capacity,
      value: sum((t) => t.value),
      travelKm: sum((t) => t.travelKm),
    };
  };
  const totals = sheet.addRow(row('Total', '', '', capacity, total(today.territories), total(result.territories.length > 0 ? result.territories : null)).map((v) => (v === '' ? null : v)));
  totals.font = { bold: true };
  sheet.addRow([]);
  const notes = [
    `Today: the current alignment (each account's current rep), computed with the same formulas as the plan.${today.unassigned.length > 0 ? ` ${today.unassigned.length} account(s) have no current rep: they are not counted today and are listed on the New accounts sheet.` : ''}`,
    result.assignments.length > 0 ? `Plan: ${result.solver.status}, ${result.moves.length} move(s) (see Moves). Workload in hours per year; travel in road km per year.` : `No plan (${result.solver.status}): see the Proof sheet.`,
  ];
  for (const note of notes) sheet.addRow([note]).font = { italic: true };
}

/** Each problem's rep names by id, built once (a national plan has thousands of moves). */
const repNames = new WeakMap<Problem, Map<string, string>>();

function repName(problem: Problem, id: string | null | undefined): string {
  if (id === null || id === undefined) return '';
  let names = repNames.get(problem);
  if (!names) {
    names = new Map(problem.reps.map((r) => [r.id, r.name ?? '']));
    repNames.set(problem, names);
  }
  return names.get(id) ?? '';
}

function movesSheet(workbook: ExcelJS.Workbook, problem: Problem, result: TerritoryResult, today: AlignmentEvaluation, plan: AlignmentEvaluation | null): void {
  const accounts = new Map(problem.accounts.map((a) => [a.id, a]));
  const kmToday = new Map(today.accounts.map((a) => [a.accountId, a.km]));
  const kmPlan = new Map((plan?.accounts ?? []).map((a) => [a.accountId, a.km]));
  const segment = new Map(result.assignments.map((a) => [a.accountId, a.segment]));
  const columns: Column[] = [
    { header: 'Account id', width: 16 }, { header: 'Account', width: 26 }, { header: 'Segment', width: 9 },
    { header: 'From id', width: 16 }, { header: 'From', width: 26 }, { header: 'To id', width: 16 }, { header: 'To', width: 26 },
    { header: 'Km before', numFmt: F.km }, { header: 'Km after', numFmt: F.km }, { header: 'Reason', width: 20 }, { header: 'Explanation', width: 100 },
  ];
  const rows = result.moves.map((m): Cell[] => [
    m.accountId, accounts.get(m.accountId)?.name ?? '', segment.get(m.accountId) ?? '',
    m.fromRepId ?? accounts.get(m.accountId)?.currentRepId ?? '', repName(problem, m.fromRepId), m.toRepId, repName(problem, m.toRepId),
    kmToday.get(m.accountId) ?? null, kmPlan.get(m.accountId) ?? null, m.reason, m.explanation,
  ]);
  tableSheet(workbook, 'Moves', columns, rows);
}

function newAccountsSheet(workbook: ExcelJS.Workbook, problem: Problem, today: AlignmentEvaluation, plan: AlignmentEvaluation | null): void {
  const accounts = new Map(problem.accounts.map((a) => [a.id, a]));
  const placed = new Map((plan?.accounts ?? []).map((a) => [a.accountId, a]));
  const segment = new Map(today.accounts.map((a) => [a.accountId, a.segment]));
  const columns: Column[] = [
    { header: 'Account id', width: 16 }, { header: 'Account', width: 26 }, { header: 'Segment', width: 9 }, { header: 'Value', numFmt: F.value, width: 14 },
    { header: 'Owner today', width: 30 }, { header: 'New owner id', width: 16 }, { header: 'New owner', width: 26 },
    { header: 'Km to new owner', numFmt: F.km }, { header: 'Workload h', numFmt: F.hours },
  ];
  const rows = today.unassigned.map((id): Cell[] => {
    const account = accounts.get(id)!;
    const to = placed.get(id);
    const owner = account.currentRepId === undefined ? 'none' : `"${account.currentRepId}" (not a rep)`;
    return [id, account.name ?? '', segment.get(id) ?? '', account.value, owner, to?.repId ?? '', repName(problem, to?.repId), to?.km ?? null, to ? to.workload : null];
  });
  tableSheet(workbook, 'New accounts', columns, rows);
}

function capacitySheet(workbook: ExcelJS.Workbook, problem: Problem, result: TerritoryResult): void {
  const c = result.capacity;
  const sheet = workbook.addWorksheet('Capacity');
  const widths = [16, 26, 12, 12, 14, 14, 12, 12, 16, 12];
  sheet.columns = widths.map((width) => ({ width }));
  let at = 1;
  const table = (headers: readonly string[], formats: ReadonlyArray<string | undefined>, rows: ReadonlyArray<readonly Cell[]>) => {
    const head = sheet.getRow(at++);
    head.values = [...headers];
    head.font = { bold: true };
    for (const r of rows) {
      const row = sheet.getRow(at++);
      row.values = [...r];
      formats.forEach((numFmt, k) => {
        if (numFmt) row.getCell(k + 1).numFmt = numFmt;
      });
    }
    at++;
  };
  table(
    ['Role', 'Reps', 'Demand h', 'Capacity h', 'Prospecting h', 'Transition h', 'Utilisation', 'Coverage', 'Headcount needed', 'Surplus FTE'],
    [undefined, F.count, F.hours, F.hours, F.hours, F.decimal, F.percent, F.percent, F.decimal, F.decimal],
    c.roles.map((r) => [r.role, r.reps, r.demandHours, r.capacityHours, r.prospectingHours, r.transitionHours, r.utilization, r.coverage, r.headcountNeeded, r.surplusFte]),
  );
  table(['Segment', 'Accounts', 'Calls per year', 'Hours'], [undefined, F.count, F.hours, F.hours], c.segments.map((s) => [s.segment, s.accounts, s.callsPerYear, s.hours]));
  table(
    ['Rep id', 'Rep', 'Calls per year', 'Calls per week', 'Utilisation', 'Prospecting h', 'Transition h', 'Handoffs', 'Takeovers'],
    [undefined, undefined, F.hours, F.decimal, F.percent, F.hours, F.decimal, F.count, F.count],
    c.reps.map((r) => [r.repId, repName(problem, r.repId), r.callsPerYear, r.callsPerWeek, r.utilization, r.prospectingHours, r.transitionHours, r.handoffs, r.takeovers]),
  );
  const notes = [
    'Prospecting h: of the capacity, the hours reserved for new business (reps[].prospectingHours), not assignable. Transition h: first-year introduction calls of the accounts taken over (transition.introCallMinutes).',
    `Headcount needed is demand / (mean capacity of the role x ${Math.round(c.targetUtilization * 100)}% target utilisation); calls per week over ${c.weeksPerYear} weeks a year.`,
    ...(c.estimated ? ['Estimated: there is no plan, so each account is counted at its least-workload eligible rep.'] : []),
  ];
  for (const note of notes) {
    sheet.getRow(at).values = [note];
    sheet.getRow(at++).font = { italic: true };
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function proofSheet(workbook: ExcelJS.Workbook, result: TerritoryResult): void {
  const s = result.solver;
  const o = result.objective;
  const rows: Array<[string, Cell, string?]> = [
    ['Status', s.status],
    ['In plain words', proofSentence(s)],
    ['Objective', s.objective, F.decimal],
    ['Bound', s.bound, F.decimal],
    ['Gap', s.gap, '0.00%'],
    ['Bound source', s.boundSource ?? ''],
    ['Strategy', s.strategy],
    ['Solve time (s)', s.seconds, F.decimal],
    ['Time limit (s)', s.timeLimitSeconds, F.decimal],
    ['Gap target', s.mipGap, '0.00%'],
    ['Ended by', s.endedBy],
    ...(s.workLimitSeconds !== null ? [['Work budget (reference s)', s.workLimitSeconds, F.decimal] as [string, Cell, string?]] : []),
    ...(result.rebalance ? [
      ['Rebalance: move cost', result.rebalance.moveCost, F.decimal],
      ['Rebalance: least move cost proven', result.rebalance.moveCostBound ?? 'none', F.decimal],
      ['Rebalance: accounts moved', result.rebalance.accountsMoved, F.count],
    ] as Array<[string, Cell, string?]> : []),
    ...(s.message ? [['Message', s.message] as [string, Cell]] : []),
    ...(o ? [
      ['Travel (objective term)', o.travel, F.decimal],
      ['Travel weight', o.travelWeight],
      ['Disruption', o.disruption, F.decimal],
      ['Disruption weight', o.disruptionWeight],
      ['Balance penalty', o.balancePenalty, F.decimal],
    ] as Array<[string, Cell, string?]> : []),
    ...(result.diagnosis ?? []).map((d): [string, Cell] => [`Diagnosis: ${d.family}`, d.message]),
    ...result.warnings.map((w): [string, Cell] => [`Warning: ${w.path}`, w.message]),
  ];
  const sheet = workbook.addWorksheet('Proof');
  sheet.columns = [{ header: 'Fact', width: 26 }, { header: 'Value', width: 110 }];
  for (const [fact, value, numFmt] of rows) {
    const row = sheet.addRow([fact, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(2).alignment = { wrapText: typeof value === 'string', horizontal: 'left', vertical: 'top' };
  }
  finishSheet(sheet, 0);
}

const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 });
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** What the solver proved, in one sentence for a reader who does not know what a bound is. */
export function proofSentence(s: SolverFacts): string {
  const proven = s.bound !== null ? `no plan that meets every constraint can have an objective below ${num(s.bound)}` : null;
  switch (s.status) {
    case 'optimal':
      return `This plan is proven optimal: its objective is ${num(s.objective!)}, and ${proven ?? 'no better plan exists'} (gap ${pct(s.gap ?? 0)}).`;
    case 'feasible':
      return s.gap !== null && proven
        ? `This plan meets every constraint and is proven within ${pct(s.gap)} of the best possible: its objective is ${num(s.objective!)}, and ${proven}.`
        : `This plan meets every constraint; its objective is ${num(s.objective!)}.`;
    case 'timedout': {
      const byWork = s.endedBy === 'work' && s.workLimitSeconds !== null;
      if (s.objective === null) {
        const limit = byWork ? `the work budget of ${num(s.workLimitSeconds!)} s` : `the time limit of ${num(s.timeLimitSeconds)} s`;
        return `No plan was found within ${limit}${s.message ? ` (${s.message})` : ''}.`;
      }
      const ended = byWork ? 'The work budget ended the search (the same input and seed give this plan again)' : 'The time limit ended the search';
      return s.gap !== null && proven
        ? `${ended}: this plan is the best found and is proven within ${pct(s.gap)} of the best possible (its objective is ${num(s.objective)}; ${proven}).`
        : `${ended}: this plan is the best found (objective ${num(s.objective)}); no bound on the best possible was proven.`;
    }
    case 'infeasible':
      return 'No plan can meet every hard constraint of the problem; the diagnosis below says which and by how much.';
    case 'error':
      return `The solve failed and produced no plan${s.message ? `: ${s.message}` : ''}.`;
  }
}
