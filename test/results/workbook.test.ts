/**
 * The territory workbook, opened with exceljs: its sheets, and its figures against sums computed
 * here from the problem and the result alone (accounts and value counted per owner, workload from
 * the independent verifier, road km from a haversine written here), today and under the plan.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { verify, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { proofSentence, SHEETS, toWorkbook } from '../../src/results/workbook.ts';
import { greatCircleKm, makeProblem, solveChecked } from '../solver/support/fixtures.ts';

const tinyInput = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The table under row 1 of a sheet, as records by header, until the first empty row. */
function table(sheet: ExcelJS.Worksheet): { headers: string[]; rows: Array<Record<string, unknown>> } {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    if (values.length === 0) break;
    rows.push(Object.fromEntries(headers.map((h, c) => [h, values[c + 1] ?? null])));
  }
  return { headers, rows };
}

/** Independent per-rep sums for one alignment (account id -> rep id). */
function sums(problem: Problem, result: TerritoryResult, owner: ReadonlyMap<string, string>) {
  const segment = new Map(result.assignments.map((a) => [a.accountId, a.segment]));
  const alignment = [...owner].map(([accountId, repId]) => ({ accountId, repId }));
  const workload = verify(problem, alignment).workload;
  return problem.reps.map((rep, j) => {
    const mine = problem.accounts.filter((a) => owner.get(a.id) === rep.id);
    const travelKm = mine.reduce((s, a) => {
      const p = problem.callPatterns.find((c) => c.segment === segment.get(a.id) && c.role === rep.role);
      return s + (p?.channel === 'in_person' ? p.callsPerYear * 2 * greatCircleKm(rep.lat!, rep.lon!, a.lat!, a.lon!) * 1.3 * 0.5 : 0);
    }, 0);
    const bySegment = (s: string) => mine.filter((a) => segment.get(a.id) === s).length;
    return { accounts: mine.length, value: mine.reduce((s, a) => s + a.value, 0), workload: workload[j]!, utilization: workload[j]! / rep.capacity, travelKm, bySegment };
  });
}

describe('the territory workbook of the tiny example', () => {
  let problem: Problem;
  let result: TerritoryResult;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    problem = makeProblem(tinyInput);
    result = await solveChecked(problem);
    workbook = await open(await toWorkbook(problem, result));
  });

  it('has the five sheets, each with a bold, frozen header row', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...SHEETS]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
  });

  it('Summary: today and plan per territory equal sums over the problem and the result, and the totals add up', () => {
    const sheet = workbook.getWorksheet('Summary')!;
    const { headers, rows } = table(sheet);
    expect(headers.slice(0, 5)).toEqual(['Rep id', 'Rep', 'Role', 'Accounts today', 'Accounts plan']);
    const today = sums(problem, result, new Map(problem.accounts.flatMap((a) => (a.currentRepId ? [[a.id, a.currentRepId] as const] : []))));
    const plan = sums(problem, result, new Map(result.assignments.map((a) => [a.accountId, a.repId])));
    const repRows = rows.slice(0, problem.reps.length);
    repRows.forEach((row, j) => {
      const rep = problem.reps[j]!;
      expect(row['Rep id']).toBe(rep.id);
      expect(row.Rep).toBe(rep.name);
      expect(row['Capacity h']).toBe(rep.capacity);
      for (const [when, s] of [['today', today[j]!], ['plan', plan[j]!]] as const) {
        expect(row[`Accounts ${when}`], `${rep.id} accounts ${when}`).toBe(s.accounts);
        expect(row[`Value ${when}`]).toBe(s.value);
        for (const seg of ['A', 'B', 'C']) expect(row[`${seg} ${when}`], `${rep.id} ${seg} ${when}`).toBe(s.bySegment(seg));
        expect(row[`Workload h ${when}`] as number).toBeCloseTo(s.workload, 6);
        expect(row[`Utilisation ${when}`] as number).toBeCloseTo(s.utilization, 6);
        expect(row[`Travel km ${when}`] as number).toBeCloseTo(s.travelKm, 6);
      }
    });
    const total = rows[problem.reps.length]!;
    expect(total['Rep id']).toBe('Total');
    // Today leaves out the account nobody owns; the plan places every account.
    expect(total['Accounts today']).toBe(problem.accounts.length - 1);
    expect(total['Accounts plan']).toBe(problem.accounts.length);
    expect(total['Value plan']).toBe(problem.accounts.reduce((s, a) => s + a.value, 0));
    expect(total['Value today']).toBe(problem.accounts.filter((a) => a.currentRepId).reduce((s, a) => s + a.value, 0));
    expect(total['Workload h plan'] as number).toBeCloseTo(plan.reduce((s, x) => s + x.workload, 0), 6);
    expect(total['Travel km today'] as number).toBeCloseTo(today.reduce((s, x) => s + x.travelKm, 0), 6);
    expect(total['Utilisation plan'] as number).toBeCloseTo(plan.reduce((s, x) => s + x.workload, 0) / problem.reps.reduce((s, r) => s + r.capacity, 0), 6);
    // Number formats: hours and km without decimals, utilisation as a percentage.
    const cell = (header: string) => sheet.getRow(2).getCell(headers.indexOf(header) + 1);
    expect(cell('Workload h plan').numFmt).toBe('#,##0');
    expect(cell('Utilisation today').numFmt).toBe('0%');
    expect(cell('Travel km plan').numFmt).toBe('#,##0');
  });

  it('Moves: each move with names and home-to-account km before and after', () => {
    const { rows } = table(workbook.getWorksheet('Moves')!);
    expect(rows.map((r) => r['Account id'])).toEqual(result.moves.map((m) => m.accountId));
    rows.forEach((row, k) => {
      const m = result.moves[k]!;
      const account = problem.accounts.find((a) => a.id === m.accountId)!;
      const from = problem.reps.find((r) => r.id === m.fromRepId)!;
      const to = problem.reps.find((r) => r.id === m.toRepId)!;
      expect(row).toMatchObject({ Account: account.name, 'From id': from.id, From: from.name, 'To id': to.id, To: to.name, Reason: m.reason, Explanation: m.explanation });
      expect(row['Km before'] as number).toBeCloseTo(greatCircleKm(from.lat!, from.lon!, account.lat!, account.lon!), 6);
      expect(row['Km after'] as number).toBeCloseTo(greatCircleKm(to.lat!, to.lon!, account.lat!, account.lon!), 6);
    });
  });

  it('New accounts: the account without a current rep and where the plan puts it', () => {
    const { rows } = table(workbook.getWorksheet('New accounts')!);
    const owner = result.assignments.find((a) => a.accountId === 'ettlingen')!.repId;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 'Account id': 'ettlingen', Account: 'Ettlingen', Value: 50000, 'Owner today': 'none', 'New owner id': owner });
  });

  it('Capacity: the result\'s capacity report per role, segment and rep', () => {
    const sheet = workbook.getWorksheet('Capacity')!;
    const { rows } = table(sheet);
    expect(rows.map((r) => r.Role)).toEqual(result.capacity.roles.map((r) => r.role));
    rows.forEach((row, k) => {
      const r = result.capacity.roles[k]!;
      expect(row).toMatchObject({ Reps: r.reps, 'Demand h': r.demandHours, 'Capacity h': r.capacityHours, 'Prospecting h': r.prospectingHours, 'Transition h': r.transitionHours, Utilisation: r.utilization, 'Headcount needed': r.headcountNeeded, 'Surplus FTE': r.surplusFte });
    });
    const texts: unknown[] = [];
    sheet.eachRow((row) => texts.push(row.getCell(1).value));
    for (const s of result.capacity.segments) expect(texts).toContain(s.segment);
    for (const r of result.capacity.reps) expect(texts).toContain(r.repId);
  });

  it('Proof: status, objective, bound, gap and strategy, with one sentence in words', () => {
    const { rows } = table(workbook.getWorksheet('Proof')!);
    const fact = new Map(rows.map((r) => [r.Fact, r.Value]));
    expect(fact.get('Status')).toBe(result.solver.status);
    expect(fact.get('Objective')).toBe(result.solver.objective);
    expect(fact.get('Bound')).toBe(result.solver.bound);
    expect(fact.get('Gap')).toBe(result.solver.gap);
    expect(fact.get('Strategy')).toBe(result.solver.strategy);
    expect(fact.get('Solve time (s)')).toBe(result.solver.seconds);
    expect(fact.get('In plain words')).toBe(proofSentence(result.solver));
    expect(fact.get('In plain words')).toMatch(/^This plan is proven optimal: its objective is [\d,]+/);
  });
});

describe('the territory workbook without a plan', () => {
  it('still shows today, the estimated capacity report and the diagnosis', async () => {
    const tight = { ...tinyInput, reps: tinyInput.reps.map((r) => (r.role === 'field' ? { ...r, capacity: 20 } : r)) };
    const problem = makeProblem(tight);
    const result = await solveChecked(problem);
    expect(result.solver.status).toBe('infeasible');
    const workbook = await open(await toWorkbook(problem, result));
    const summary = table(workbook.getWorksheet('Summary')!).rows;
    expect(summary[0]).toMatchObject({ 'Rep id': 'anna', 'Accounts today': 5, 'Accounts plan': null });
    expect(table(workbook.getWorksheet('Moves')!).rows).toEqual([]);
    expect(table(workbook.getWorksheet('New accounts')!).rows[0]).toMatchObject({ 'Account id': 'ettlingen', 'New owner id': null });
    const proof = new Map(table(workbook.getWorksheet('Proof')!).rows.map((r) => [r.Fact, r.Value]));
    expect(proof.get('Status')).toBe('infeasible');
    expect(proof.get('In plain words')).toMatch(/^No plan can meet every hard constraint/);
    expect([...proof.keys()].some((k) => String(k).startsWith('Diagnosis: capacity'))).toBe(true);
    const capacityNotes: unknown[] = [];
    workbook.getWorksheet('Capacity')!.eachRow((row) => capacityNotes.push(row.getCell(1).value));
    expect(capacityNotes.some((v) => String(v).startsWith('Estimated'))).toBe(true);
  });
});

describe('proofSentence', () => {
  const base = { objective: 1200, bound: 1188, gap: 0.01, seconds: 3, strategy: 'greedy+ls+highs-mip', boundSource: 'highs-mip', timeLimitSeconds: 30, workLimitSeconds: null, endedBy: 'time', mipGap: 0.01 } as const;
  it('says how close to the best possible the plan is proven, in words', () => {
    expect(proofSentence({ ...base, status: 'feasible' })).toBe('This plan meets every constraint and is proven within 1.00% of the best possible: its objective is 1,200, and no plan that meets every constraint can have an objective below 1,188.');
    expect(proofSentence({ ...base, status: 'timedout' })).toMatch(/^The time limit ended the search: this plan is the best found and is proven within 1\.00%/);
    expect(proofSentence({ ...base, status: 'timedout', bound: null, gap: null, boundSource: null })).toMatch(/no bound on the best possible was proven/);
    expect(proofSentence({ ...base, status: 'timedout', objective: null, gap: null, message: 'no plan within the time limit: give it more time' })).toBe('No plan was found within the time limit of 30 s (no plan within the time limit: give it more time).');
    expect(proofSentence({ ...base, status: 'error', objective: null, bound: null, gap: null, message: 'the engine failed' })).toBe('The solve failed and produced no plan: the engine failed.');
    // The work budget, the reproducible end, is named as such.
    expect(proofSentence({ ...base, status: 'timedout', endedBy: 'work', workLimitSeconds: 18 })).toMatch(/^The work budget ended the search \(the same input and seed give this plan again\): this plan is the best found and is proven within 1\.00%/);
    expect(proofSentence({ ...base, status: 'timedout', endedBy: 'work', workLimitSeconds: 18, objective: null, gap: null })).toBe('No plan was found within the work budget of 18 s.');
  });
});
