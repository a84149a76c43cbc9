import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { territory } from './support/territory.ts';
import { parseProblem, verify, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';




/** Six accounts around Munich, two field reps and one inside rep. */
const problem: ProblemInput = {
  name: 'cli fixture',
  accounts: [
    { id: 'a1', lat: 48.14, lon: 11.58, value: 900, currentRepId: 'f1' },
    { id: 'a2', lat: 48.37, lon: 10.9, value: 800, currentRepId: 'f2' },
    { id: 'a3', lat: 48.4, lon: 11.74, value: 120, currentRepId: 'f1' },
    { id: 'a4', lat: 47.86, lon: 12.12, value: 100, currentRepId: 'f2' },
    { id: 'a5', lat: 48.77, lon: 11.42, value: 20, currentRepId: 'i1' },
    { id: 'a6', lat: 48.0, lon: 11.3, value: 10 },
  ],
  reps: [
    { id: 'f1', lat: 48.14, lon: 11.58, role: 'field', capacity: 200 },
    { id: 'f2', lat: 48.37, lon: 10.9, role: 'field', capacity: 200 },
    { id: 'i1', lat: 48.14, lon: 11.58, role: 'inside', capacity: 200 },
  ],
  callPatterns: [
    { segment: 'A', role: 'field', callsPerYear: 24, minutesPerCall: 60, channel: 'in_person' },
    { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person' },
    { segment: 'C', role: 'inside', callsPerYear: 6, minutesPerCall: 20, channel: 'phone' },
  ],
  balance: { workloadTolerance: 0.5, valueTolerance: null },
};

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'territory-cli-'));
  await writeFile(file('ok.json'), JSON.stringify(problem));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('territory solve', () => {
  it('prints a readable summary and exits 0 with a plan', async () => {
    const run = await territory('solve', file('ok.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Territory plan: cli fixture');
    expect(run.stdout).toMatch(/Status: optimal/);
    expect(run.stdout).toContain('Capacity report');
    expect(run.stdout).toContain('Moves against the current alignment');
  });

  it('--json prints only the result JSON, and the plan verifies', async () => {
    const run = await territory('solve', file('ok.json'), '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as TerritoryResult;
    expect(result.solver.status).toBe('optimal');
    expect(result.assignments).toHaveLength(6);
    const parsed = parseProblem(problem);
    if (!parsed.ok) throw new Error('fixture must parse');
    expect(verify(parsed.problem, result.assignments).ok).toBe(true);
  });

  it('--out writes the same result document to a file', async () => {
    const run = await territory('solve', file('ok.json'), '--out', file('result.json'), '--time-limit', '10');
    expect(run.code).toBe(0);
    const written = JSON.parse(await readFile(file('result.json'), 'utf8')) as TerritoryResult;
    expect(written.assignments).toHaveLength(6);
    expect(written.solver.timeLimitSeconds).toBe(10);
  });

  it('--out plan.xlsx writes the territory workbook, --out plan.csv and plan.crm.xlsx the plan export, beside the JSON', async () => {
    const run = await territory('solve', file('ok.json'), '--out', file('plan.xlsx'), '--out', file('plan.csv'), '--out', file('plan.crm.xlsx'), '--out', file('plan.json'),
      '--crm-columns', 'accountId:Account ID,newOwnerId:OwnerId,moved');
    expect(run.code).toBe(0);
    const result = JSON.parse(await readFile(file('plan.json'), 'utf8')) as TerritoryResult;
    const owners = result.assignments.map((a) => [a.accountId, a.repId]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file('plan.xlsx'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Moves', 'New accounts', 'Capacity', 'Proof']);
    const summary = workbook.getWorksheet('Summary')!;
    const headers = (summary.getRow(1).values as unknown[]).slice(1);
    result.territories.forEach((tr, j) => {
      expect(summary.getRow(j + 2).getCell(headers.indexOf('Accounts plan') + 1).value).toBe(tr.accounts);
      expect(summary.getRow(j + 2).getCell(headers.indexOf('Value plan') + 1).value).toBe(tr.value);
    });
    // a6 has no current rep: not counted today, listed as a new account.
    expect(summary.getRow(problem.reps.length + 2).getCell(headers.indexOf('Accounts today') + 1).value).toBe(5);
    expect(workbook.getWorksheet('New accounts')!.getRow(2).getCell(1).value).toBe('a6');

    const rows = parse(await readFile(file('plan.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r['Account ID'], r.OwnerId])).toEqual(owners);
    const crm = new ExcelJS.Workbook();
    await crm.xlsx.readFile(file('plan.crm.xlsx'));
    const sheet = crm.getWorksheet('Plan')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Account ID', 'OwnerId', 'moved']);
    expect(Array.from({ length: sheet.rowCount - 1 }, (_, k) => (sheet.getRow(k + 2).values as unknown[]).slice(1, 3))).toEqual(owners);
  });

  it('refuses a bad --crm-columns, or one without a plan export to apply to, with exit 2 before solving', async () => {
    const bad = await territory('solve', file('ok.json'), '--out', file('x.csv'), '--crm-columns', 'accountId,owner');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--crm-columns: unknown field "owner"');
    const alone = await territory('solve', file('ok.json'), '--out', file('x.xlsx'), '--crm-columns', 'accountId');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--crm-columns applies to the plan export');
    expect(alone.stdout).toBe('');
  });

  it('names the bad field, exits 2 and prints no stack trace', async () => {
    const bad = structuredClone(problem) as { accounts: Array<Record<string, unknown>> };
    bad.accounts[1]!.lat = 'north';
    delete bad.accounts[3]!.value;
    await writeFile(file('bad.json'), JSON.stringify(bad));
    const run = await territory('solve', file('bad.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('accounts[1].lat: expected number');
    expect(run.stderr).toContain('accounts[3].value: required');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('reports a reference to an unknown rep by path', async () => {
    const bad = structuredClone(problem) as { accounts: Array<Record<string, unknown>> };
    bad.accounts[0]!.lockedRepId = 'nobody';
    await writeFile(file('unknown-rep.json'), JSON.stringify(bad));
    const run = await territory('solve', file('unknown-rep.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('accounts[0].lockedRepId: unknown rep "nobody"');
  });

  it('rejects invalid JSON, a missing file, a bad time limit and an unknown command with exit 2', async () => {
    await writeFile(file('garbage.json'), '{"accounts": [');
    const garbage = await territory('solve', file('garbage.json'));
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('not valid JSON');
    const missing = await territory('solve', file('nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const limit = await territory('solve', file('ok.json'), '--time-limit', 'soon');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--time-limit');
    const unknown = await territory('optimise');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });

  it('explains an infeasible problem and exits 1', async () => {
    const tight = structuredClone(problem) as { reps: Array<{ capacity: number; role: string }> };
    for (const r of tight.reps) if (r.role === 'field') r.capacity = 20;
    await writeFile(file('infeasible.json'), JSON.stringify(tight));
    const run = await territory('solve', file('infeasible.json'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Status: infeasible');
    expect(run.stdout).toMatch(/\[capacity\] field demand [\d,]+ h vs field capacity 40 h/);
  });
});

describe('territory example', () => {
  it('prints a valid problem to start from', async () => {
    const run = await territory('example');
    expect(run.code).toBe(0);
    const parsed = parseProblem(JSON.parse(run.stdout));
    expect(parsed.ok).toBe(true);
  });
});
