/**
 * `territory frontier` on the real binary: the table of plans along the moves-travel trade-off, the
 * JSON with each point's result (verified), and bad flags as exit 2.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProblem, verify, type Frontier } from '../../solver/index.ts';
import { bavariaInput } from '../solver/support/fixtures.ts';
import { territory } from './support/territory.ts';

describe('territory frontier', () => {
  let dir: string;
  let file: string;
  const base = bavariaInput();
  const input = {
    ...base,
    accounts: base.accounts.slice(0, 9).map((a, i) => ({ ...a, currentRepId: base.reps[(i + 1) % base.reps.length]!.id })),
    balance: { workloadTolerance: 0.6, valueTolerance: 1 },
    objective: { disruptionWeight: 0 },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'territory-frontier-'));
    file = join(dir, 'problem.json');
    await writeFile(file, JSON.stringify(input));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one row per plan, fewest moves first, and writes every point\'s result with --out', async () => {
    const out = join(dir, 'frontier.json');
    const run = await territory('frontier', file, '--points', '4', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Disruption frontier/);
    expect(run.stdout).toMatch(/budget\s+moves\s+value moved\s+travel/);
    expect(run.stdout).toMatch(/^none\s+\d+/m);
    const frontier = JSON.parse(await readFile(out, 'utf8')) as Frontier;
    expect(frontier.points.length).toBeGreaterThanOrEqual(2);
    const moves = frontier.points.map((p) => p.moves!);
    expect([...moves].sort((a, b) => a - b)).toEqual(moves);
    const problem = parseProblem(input);
    if (!problem.ok) throw new Error('fixture');
    for (const p of frontier.points) {
      const budgeted = parseProblem({ ...input, objective: { ...input.objective, ...(p.maxMoves === null ? {} : { maxMoves: p.maxMoves }) } });
      if (!budgeted.ok) throw new Error('budgeted');
      expect(verify(budgeted.problem, p.result.assignments).ok).toBe(true);
      expect(run.stdout).toContain(`${p.maxMoves ?? 'none'}`);
    }
  });

  it('refuses bad flags with exit 2 and says what is wrong', async () => {
    expect((await territory('frontier', file, '--budgets', '1,x')).stderr).toMatch(/--budgets: "x" is not a whole number/);
    const both = await territory('frontier', file, '--budgets', '1', '--points', '3');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--budgets or --points, not both/);
    expect((await territory('frontier', file, '--points', '1')).code).toBe(2);
    expect((await territory('frontier')).code).toBe(2);
  });
});
