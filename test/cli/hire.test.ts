/**
 * `territory hire` on the sample: one field rep hired at one of four candidate sites, chosen with the
 * territories; the JSON answer names the site, the location choice's proof, and a plan for the problem
 * with the hire that the independent verifier accepts. Bad input is exit 2 with the field named.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblem, verify, type CandidateSite, type TerritoryResult } from '../../solver/index.ts';
import { hireAt } from '../../solver/hiring.ts';
import { territory } from './support/territory.ts';

const dir = mkdtempSync(join(tmpdir(), 'territory-hire-'));
const sites: CandidateSite[] = [
  { id: 'wuerzburg', name: 'Würzburg', lat: 49.79391, lon: 9.95121 },
  { id: 'ulm', name: 'Ulm', lat: 48.40108, lon: 9.98761 },
  { id: 'passau', name: 'Passau', lat: 48.5665, lon: 13.43122 },
  { id: 'ingolstadt', name: 'Ingolstadt', lat: 48.76508, lon: 11.42372 },
];
const sitesFile = join(dir, 'sites.json');
writeFileSync(sitesFile, JSON.stringify(sites));

describe('territory hire', () => {
  it('chooses a site for one field rep and solves the sample with the hire', async () => {
    const hire1 = (seconds: number) => territory('hire', 'data/sample-bavaria-bw.json', '--sites', sitesFile, '--role', 'field', '--count', '1', '--capacity', '1100', '--time-limit', String(seconds), '--json');
    // A longer limit only when a busy machine found no plan in the first.
    let run = await hire1(60);
    if (run.code === 1) run = await hire1(100);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    const out = JSON.parse(run.stdout) as { sites: CandidateSite[]; location: { status: string; objective: number; bound: number | null }; result: TerritoryResult };
    expect(out.sites).toHaveLength(1);
    expect(sites.map((s) => s.id)).toContain(out.sites[0]!.id);
    expect(out.location.bound).not.toBeNull();
    expect(out.location.bound!).toBeLessThanOrEqual(out.location.objective + 1e-6);
    const parsed = parseProblem(JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile('data/sample-bavaria-bw.json', 'utf8'))));
    if (!parsed.ok) throw new Error('sample invalid');
    const hire = hireAt(out.sites[0]!, { role: 'field', count: 1, capacity: 1100 });
    const withHire = { ...parsed.problem, reps: [...parsed.problem.reps, hire] };
    expect(verify(withHire, out.result.assignments).ok).toBe(true);
    expect(out.result.assignments.some((a) => a.repId === hire.id)).toBe(true);
    expect(run.stderr).toContain(`hire at ${out.sites[0]!.name}`);
  }, 200_000);

  it('--count auto on the sample: the capacity report asks for no field rep, so nothing is hired', async () => {
    const run = await territory('hire', 'data/sample-bavaria-bw.json', '--sites', sitesFile, '--role', 'field', '--count', 'auto', '--capacity', '1100');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('the capacity report says 0 more field reps');
    expect(run.stdout).toContain('No hire needed');
  });

  it('territory solve with hire and retire in the file prints the chosen site and the rep let go in its summary; --out exports list the hire', async () => {
    const tiny = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile('data/tiny.json', 'utf8'))) as Record<string, unknown>;
    const file = join(dir, 'hire-problem.json');
    writeFileSync(file, JSON.stringify({
      ...tiny,
      balance: { mode: 'soft' },
      candidateSites: [{ id: 'heilbronn', name: 'Heilbronn', lat: 49.13995, lon: 9.22054 }, { id: 'pforzheim', name: 'Pforzheim', lat: 48.88436, lon: 8.69892 }],
      hire: { role: 'field', count: 1, capacity: 100 },
      retire: { count: 1, role: 'field' },
    }));
    const csv = join(dir, 'hire-plan.csv');
    const run = await territory('solve', file, '--time-limit', '20', '--out', csv);
    expect(run.code, run.stderr.slice(-500)).toBe(0);
    expect(run.stdout).toMatch(/Hiring \(field\)\n- Hire at: (Heilbronn \(hire-heilbronn|Pforzheim \(hire-pforzheim), \d+ accounts\)/);
    // Anna keeps Heilbronn (locked to her), so Ben is the one let go.
    expect(run.stdout).toContain('- Let go: Ben (field, Karlsruhe) (ben, 2 accounts today)');
    expect(run.stdout).toMatch(/Location choice: optimal/);
    expect((await import('node:fs/promises').then((fs) => fs.readFile(csv, 'utf8')))).toContain('new field rep (');
  });

  it('is exit 2 without --sites, with a site that has no latitude, or asking more hires than sites', async () => {
    const missing = await territory('hire', 'data/sample-bavaria-bw.json', '--role', 'field', '--count', '1', '--capacity', '1100');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('hire needs --sites');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x', lon: 10 }]));
    const badSites = await territory('hire', 'data/sample-bavaria-bw.json', '--sites', bad, '--role', 'field', '--count', '1', '--capacity', '1100');
    expect(badSites.code).toBe(2);
    expect(badSites.stderr).toMatch(/\[0\.lat\]/);
    const tooMany = await territory('hire', 'data/sample-bavaria-bw.json', '--sites', sitesFile, '--role', 'field', '--count', '5', '--capacity', '1100');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('only 4 sites');
  });
});
