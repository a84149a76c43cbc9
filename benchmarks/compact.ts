/**
 * Outliers and compactness before and after the stretch penalty (issue 11): solves the sample and
 * generated problems with objective.compactnessWeight 0 (before) and with each given weight, and
 * prints, per run, the travel objective (annual road km), its change, the stretch figures of
 * result.compactness (max stretch, accounts with stretch > 2 and how many of those a hard constraint
 * forces, nearest share) and the overlapping same-role hull pairs. Every plan is verified by solve().
 *
 *   npm run --silent bench:compact -- [--time-limit <s>] [--weights 0,100,1000] [--sizes 2000x40]
 *                                     [--seeds 1,2] [--modes weighted,rebalance] [--json]
 * `--modes`: objective.mode of each run (default: the problem's own, `auto`); `--sizes ''`: the sample only.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseProblem, solve, type ProblemInput } from '../solver/index.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import { generateProblem } from './generate-problem.ts';

const HARD = new Set(['capacity', 'max-accounts', 'workload-band', 'value-band', 'max-moves']);

async function main() {
  const { values } = parseArgs({
    options: {
      'time-limit': { type: 'string', default: '60' },
      weights: { type: 'string', default: '0,100' },
      sizes: { type: 'string', default: '2000x40' },
      seeds: { type: 'string', default: '1,2' },
      modes: { type: 'string', default: '' },
      json: { type: 'boolean', default: false },
    },
  });
  const timeLimit = Number(values['time-limit']);
  const weights = values.weights.split(',').map(Number);
  const cases: { label: string; input: ProblemInput }[] = [
    { label: 'sample 357x10', input: JSON.parse(readFileSync(new URL('../data/sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput },
  ];
  const modes = values.modes === '' ? [undefined] : values.modes.split(',');
  for (const size of values.sizes.split(',').filter((s) => s !== '')) {
    const [accounts, reps] = size.split('x').map(Number) as [number, number];
    for (const seed of values.seeds.split(',').map(Number)) cases.push({ label: `generated ${size} seed ${seed}`, input: generateProblem({ accounts, reps, seed }) });
  }
  const rows: string[] = [];
  rows.push(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; time limit ${timeLimit} s per solve`);
  rows.push('');
  rows.push('| problem | mode | compactnessWeight | status | gap | travel (road km/yr) | travel change | moves | max stretch | stretch > 2 | of which forced by a hard constraint | nearestShare | overlapping hull pairs | s |');
  rows.push('|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of cases) {
    let base: number | null = null;
    for (const mode of modes) for (const w of weights) {
      const input = { ...c.input, objective: { ...(c.input.objective ?? {}), compactnessWeight: w, ...(mode ? { mode } : {}) } } as ProblemInput;
      const parsed = parseProblem(input);
      if (!parsed.ok) throw new Error(`${c.label}: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
      const started = performance.now();
      const result = await solve(parsed.problem, { highs: highsFactory, timeLimitSeconds: timeLimit });
      const seconds = (performance.now() - started) / 1000;
      const k = result.compactness;
      const o = result.objective;
      if (!k || !o) {
        rows.push(`| ${c.label} | ${parsed.problem.objective.mode} | ${w} | ${result.solver.status} | | | | | | | | | | ${seconds.toFixed(1)} |`);
        continue;
      }
      base ??= o.travel;
      // Forced: the outliers whose move to the nearest eligible rep breaks a hard constraint (the listed ones, at most 50).
      const forced = k.outliers.filter((x) => HARD.has(x.reason)).length;
      const line = {
        problem: c.label, weight: w, status: result.solver.status, gap: result.solver.gap, travel: o.travel, change: o.travel / base - 1,
        maxStretch: k.maxStretch, above2: k.stretchAbove2, forced, listed: k.outliers.length, nearestShare: k.nearestShare,
        overlapping: k.overlappingHulls, hulls: k.hulls, seconds,
        reasons: Object.fromEntries([...new Set(k.outliers.map((x) => x.reason))].map((r) => [r, k.outliers.filter((x) => x.reason === r).length])),
      };
      if (values.json) console.log(JSON.stringify(line));
      rows.push(`| ${c.label} | ${parsed.problem.objective.mode} | ${w} | ${line.status} | ${line.gap === null ? '-' : `${(line.gap * 100).toFixed(2)}%`} | ${Math.round(o.travel).toLocaleString('en-US')} | ${(line.change * 100).toFixed(1)}% | ${result.moves.length} | ${k.maxStretch.toFixed(1)} | ${k.stretchAbove2} | ${forced}${k.stretchAbove2 > k.outliers.length ? ` of ${k.outliers.length} listed` : ''} | ${(k.nearestShare * 100).toFixed(1)}% | ${k.overlappingHulls} of ${k.hulls} | ${seconds.toFixed(1)} |`);
    }
  }
  rows.push('');
  rows.push(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  (values.json ? console.error : console.log)(rows.join('\n'));
}

await main();
