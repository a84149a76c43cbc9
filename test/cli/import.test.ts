/**
 * `territory import` and `territory solve --accounts … --reps …` on the real bin/territory.js: the
 * CRM sample imports and solves; a rejected import lists every row to fix and writes no problem.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { territory } from './support/territory.ts';
import { parseProblem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';

const crm = (name: string) => fileURLToPath(new URL(`../../data/crm/${name}`, import.meta.url));


let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'territory-import-'));
  await writeFile(file('users.csv'), 'User ID;Name;Titel;Breitengrad;Längengrad\nu1;Anna Weber;Außendienst;48,137;11,575\nu2;Ben Kraus;Innendienst Vertrieb;48,78;9,18\n');
  await writeFile(file('accounts.csv'), 'Kundennummer;Firma;Umsatz 2024;Betreuer;Breitengrad;Längengrad\nK1;Alpha;"1.200.000 €";Anna Weber;48,14;11,58\nK2;Beta;"15.000 €";Ben Kraus;48,7;9,2\nK3;Gamma;"900.000 €";anna weber;48,3;11,4\n');
  await writeFile(file('bad.csv'), 'Account ID,Annual Revenue,Account Owner,Lat,Lon\nA1,"12,5 Mio",Anna Weber,48,11\nA2,100,Nobody,48,11\nA1,5,Anna Weber,48,11\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('territory import', () => {
  it('imports the CRM sample: the problem to stdout, the report to stderr and to --report-json', async () => {
    const run = await territory('import', '--accounts', crm('accounts.csv'), '--reps', crm('users.csv'), '--report-json', file('report.json'));
    expect(run.code).toBe(0);
    const problem = JSON.parse(run.stdout) as ProblemInput;
    expect(parseProblem(problem).ok).toBe(true);
    expect(problem.accounts).toHaveLength(357);
    expect(run.stderr).toContain('343 accounts matched to a rep (0 by id, 343 by name, 0 by e-mail); 14 with no owner');
    expect(run.stderr).toContain('44 geocoded offline (0 by postal code, 44 by city); 0 not placed');
    expect(run.stderr).toContain('capacity (10 rows): 40 h/week x 46 weeks x 0.6 selling share = 1,104 h/year (1 FTE)');
    const written = JSON.parse(await readFile(file('report.json'), 'utf8')) as { report: { accounts: number } };
    expect(written.report.accounts).toBe(357);
  });

  it('takes --map, --role-map and the capacity overrides', async () => {
    const run = await territory('import', '--accounts', file('accounts.csv'), '--reps', file('users.csv'),
      '--map', 'accounts.value=Umsatz 2024', '--map', 'title="Titel"', '--hours-per-week', '38', '--selling-share', '0,5', '--role-map', 'Innendienst Vertrieb=inside');
    expect(run.stderr).toContain('"Umsatz 2024" -> value (mapped)');
    expect(run.code).toBe(0);
    const problem = JSON.parse(run.stdout) as ProblemInput;
    expect(problem.accounts.map((a) => [a.value, a.currentRepId])).toEqual([[1200000, 'u1'], [15000, 'u2'], [900000, 'u1']]);
    expect(problem.reps.map((r) => [r.role, r.capacity])).toEqual([['field', 874], ['inside', 874]]);
    expect(run.stderr).toContain('title contains "innendienst vertrieb" -> inside');
  });

  it('rejects bad rows with exit 1: every one listed with file, row and column, no problem written', async () => {
    const run = await territory('import', '--accounts', file('bad.csv'), '--reps', file('users.csv'), '--map', 'reps.title=Titel', '--report-json', file('bad-report.json'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('The import was rejected: 3 rows to fix (no problem was written):');
    expect(run.stderr).toContain('bad.csv, row 2, column "Annual Revenue": "12,5 Mio" is not a number');
    expect(run.stderr).toContain('bad.csv, row 3, column "Account Owner": owner "Nobody" matches no rep by id, name or e-mail in users.csv');
    expect(run.stderr).toContain('bad.csv, row 4, column "Account ID": duplicate account id "A1" (also row 2)');
    const written = JSON.parse(await readFile(file('bad-report.json'), 'utf8')) as { errors: unknown[] };
    expect(written.errors).toHaveLength(3);
  });

  it('prints the call-pattern template as CSV, which imports back as --patterns', async () => {
    const template = await territory('import', '--patterns-template');
    expect(template.code).toBe(0);
    expect(template.stdout.split('\n')[0]).toBe('Segment,Role,Calls per Year,Minutes per Call,Channel,Note');
    await writeFile(file('patterns.csv'), template.stdout);
    const run = await territory('import', '--accounts', crm('accounts.csv'), '--reps', crm('users.csv'), '--patterns', file('patterns.csv'));
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ProblemInput).callPatterns).toHaveLength(3);
  });

  it('refuses bad flags with exit 2', async () => {
    const map = await territory('import', '--accounts', file('accounts.csv'), '--reps', file('users.csv'), '--map', 'name=Firma');
    expect(map.code).toBe(2);
    expect(map.stderr).toContain('"name" is a field of accounts and reps; say which, e.g. --map accounts.name="Firma"');
    const missing = await territory('import', '--accounts', file('nope.csv'), '--reps', file('users.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv: no such file');
    const share = await territory('import', '--accounts', file('accounts.csv'), '--reps', file('users.csv'), '--selling-share', '2');
    expect(share.code).toBe(2);
    expect(share.stderr).toContain('capacity.sellingShare');
    const noReps = await territory('import', '--accounts', file('accounts.csv'));
    expect(noReps.code).toBe(2);
    expect(noReps.stderr).toContain('an import needs --accounts <file> and --reps <file>');
  });
});

describe('territory solve --accounts --reps', () => {
  it('imports the CRM sample and solves it', async () => {
    // Whatever plan the time allows; a longer limit only when a busy machine found none in 5 s.
    const solveFor = (seconds: number) => territory('solve', '--accounts', crm('accounts.csv'), '--reps', crm('users.csv'), '--time-limit', String(seconds), '--json');
    let run = await solveFor(5);
    for (const seconds of [30, 90]) if (run.code !== 0) run = await solveFor(seconds);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const result = JSON.parse(run.stdout) as TerritoryResult;
    expect(result.assignments).toHaveLength(357);
    expect(result.moves.length).toBeLessThan(343 * 0.5);
    expect(run.stderr).toContain('343 accounts matched to a rep');
  }, 200_000);

  it('a rejected import is bad input (exit 2) with the rows to fix', async () => {
    const run = await territory('solve', '--accounts', file('bad.csv'), '--reps', file('users.csv'), '--map', 'reps.title=Titel');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.csv, row 2, column "Annual Revenue": "12,5 Mio" is not a number');
    expect(run.stdout).toBe('');
  });
});
