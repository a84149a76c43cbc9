import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gapToModel, loadBestKnown, parseBestKnown, parseGapFile, problemKey } from '../../benchmarks/gap-format.ts';
import { checkAssignment, pairCount, solveAssignment } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';

const GAP_DIR = fileURLToPath(new URL('../../benchmarks/instances/gap/', import.meta.url));
const gap1 = async () => parseGapFile(await readFile(`${GAP_DIR}orlib/gap1.txt`, 'utf8'));

describe('parseGapFile', () => {
  it('reads the five 5x15 problems of gap1.txt', async () => {
    const problems = await gap1();
    expect(problems).toHaveLength(5);
    for (const problem of problems) {
      expect(problem.agents).toBe(5);
      expect(problem.jobs).toBe(15);
      expect(problem.cost).toHaveLength(5);
      expect(problem.load).toHaveLength(5);
      expect(problem.capacity).toHaveLength(5);
      for (const row of [...problem.cost, ...problem.load]) expect(row).toHaveLength(15);
    }
    // First and last numbers of problem 1 as they stand in the file (c[1][1], b[5]).
    expect(problems[0]!.cost[0]![0]).toBe(17);
    expect(problems[0]!.capacity).toEqual([36, 34, 38, 27, 33]);
  });

  it('treats line breaks as whitespace and rejects a truncated or overlong stream', () => {
    const text = '1\n2 3\n1 2 3 4 5 6\n7 8 9 1 2 3\n10 11';
    const [problem] = parseGapFile(text.replace(/\n/g, ' '));
    expect(problem).toEqual({ agents: 2, jobs: 3, cost: [[1, 2, 3], [4, 5, 6]], load: [[7, 8, 9], [1, 2, 3]], capacity: [10, 11] });
    expect(parseGapFile(text)).toEqual([problem]);
    expect(() => parseGapFile(text.slice(0, -3))).toThrow(/ends early/);
    expect(() => parseGapFile(`${text} 12`)).toThrow(/after its 1 problems/);
  });
});

describe('gapToModel', () => {
  it('makes every (job, agent) pair eligible with one capacity family and no bands', async () => {
    const [problem] = await gap1();
    const model = gapToModel(problem!);
    expect(model.items).toBe(15);
    expect(model.agents).toBe(5);
    expect(pairCount(model)).toBe(75);
    expect(model.capacities).toHaveLength(1);
    expect(model.bands).toHaveLength(0);
    expect(model.sideConstraints).toHaveLength(0);
    // Job 2 on agent 3 (0-based) costs c[3][2] and loads a[3][2].
    const p = model.pairStart[2]! + 3;
    expect(model.pairAgent[p]).toBe(3);
    expect(model.pairCost[p]).toBe(problem!.cost[3]![2]);
    expect(model.capacities[0]!.load[p]).toBe(problem!.load[3]![2]);
  });
});

describe('best-known values', () => {
  it('maps cattrysse gapK-i to problem i+1 and chu1997 by (agents, jobs), not by row order', async () => {
    const best = await loadBestKnown(`${GAP_DIR}best-known.csv`);
    expect(best.get(problemKey('gap1.txt', 1))?.value).toBe(261);
    expect(best.get(problemKey('gap12.txt', 5))?.value).toBe(945);
    // gapa.txt holds (5,100), (5,200), (10,100), ...: a05200 is its problem 2.
    expect(best.get(problemKey('gapa.txt', 2))).toMatchObject({ value: 3235, agents: 5, jobs: 200 });
    expect(best.get(problemKey('gapd.txt', 6))).toMatchObject({ value: 12244, optimum: null, agents: 20, jobs: 200 });
    expect([...best.keys()].filter((k) => k.startsWith('gap')).length).toBe(60 + 24);
  });

  it('skips datasets that are not OR-Library files', () => {
    const csv = 'Path,Format,Dataset,Item number,Agent number,Best known bound,Optimum,Best known solution value\n' +
      'yagiura2004/e05100,orlibrary,yagiura2004,100,5,12681,12681,12681\n';
    expect(parseBestKnown(csv).size).toBe(0);
  });
});

describe('gap1 with our engine', () => {
  it('solves all five problems to their known minimum with a valid assignment', async () => {
    const best = await loadBestKnown(`${GAP_DIR}best-known.csv`);
    const problems = await gap1();
    for (const [index, problem] of problems.entries()) {
      const model = gapToModel(problem);
      const solution = await solveAssignment(model, { timeLimitSeconds: 10, mipGap: 0, seed: 0, highs: highsFactory });
      const expected = best.get(problemKey('gap1.txt', index + 1))!.value;
      expect(solution.status).toBe('optimal');
      expect(solution.objective).toBeCloseTo(expected, 6);
      const check = checkAssignment(model, solution.assignment!);
      expect(check.violations).toEqual([]);
      expect(check.feasible).toBe(true);
      expect(check.objective).toBe(expected);
    }
  });
});
