/**
 * Reproducible plans (issue 10): each problem solved twice with the default work budget, once on a
 * quiet machine and once with a core kept busy by another thread, beside the peer, the same engine on
 * the wall clock (`budget: "wall"`, the behaviour before the work budget), run the same two ways.
 * Prints one line per problem and run, then a table for BENCHMARKS.md: wall seconds, what ended the
 * search, the objective, and whether the busy run's plan is the quiet run's.
 *   node --import tsx benchmarks/reproducible.ts [--time-limit 20] [problem.json ...]
 * Without files: the sample, and generated 400 x 12 and 2000 x 40 (seeds 1-3).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { parseProblem, solve, verify, type Problem, type TerritoryResult } from '../solver/index.ts';
import { DEFAULT_WORK_SHARE } from '../solver/run-context.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import { generateProblem } from './generate-problem.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'time-limit': { type: 'string', default: '20' } } });
const timeLimitSeconds = Number(values['time-limit']);

function parsed(input: unknown, what: string): Problem {
  const out = parseProblem(input);
  if (!out.ok) throw new Error(`${what} is not a valid problem: ${JSON.stringify(out.issues.slice(0, 3))}`);
  return out.problem;
}

const problems: Array<{ name: string; problem: Problem }> = positionals.length > 0
  ? positionals.map((file) => ({ name: file, problem: parsed(JSON.parse(readFileSync(file, 'utf8')), file) }))
  : [
      { name: 'sample 357 x 10', problem: parsed(JSON.parse(readFileSync(new URL('../data/sample-bavaria-bw.json', import.meta.url), 'utf8')), 'the sample') },
      { name: 'generated 400 x 12 seed 1', problem: parsed(generateProblem({ accounts: 400, reps: 12, seed: 1 }), '400 x 12') },
      ...[1, 2, 3].map((seed) => ({ name: `generated 2000 x 40 seed ${seed}`, problem: parsed(generateProblem({ accounts: 2000, reps: 40, seed }), '2000 x 40') })),
    ];

/** A thread spinning until stopped: one core busy. */
function busyCore(): Worker {
  return new Worker('const f = new Int32Array(new SharedArrayBuffer(4)); for (;;) { for (let i = 0; i < 1e6; i++) Atomics.add(f, 0, 1); }', { eval: true });
}

interface Run {
  readonly seconds: number;
  readonly result: TerritoryResult;
}

async function run(problem: Problem, budget: 'work' | 'wall', busy: boolean): Promise<Run> {
  const burner = busy ? busyCore() : null;
  try {
    const started = performance.now();
    const result = await solve({ ...problem, options: { ...problem.options, budget, timeLimitSeconds } }, { highs: highsFactory });
    const seconds = (performance.now() - started) / 1000;
    if (result.assignments.length > 0 && !verify(problem, result.assignments).ok) throw new Error('a plan failed verification');
    return { seconds, result };
  } finally {
    await burner?.terminate();
  }
}

const same = (a: TerritoryResult, b: TerritoryResult) => JSON.stringify(a.assignments) === JSON.stringify(b.assignments);
const fmt = (r: Run) => `${r.seconds.toFixed(1)} s, ${r.result.solver.endedBy}, ${r.result.solver.objective?.toFixed(1) ?? '-'}${r.result.solver.gap !== null ? ` (${(r.result.solver.gap * 100).toFixed(2)}%)` : ''}`;

const rows: string[] = [];
for (const { name, problem } of problems) {
  const cells: string[] = [];
  for (const budget of ['work', 'wall'] as const) {
    const quiet = await run(problem, budget, false);
    const busy = await run(problem, budget, true);
    process.stdout.write(`${JSON.stringify({ problem: name, budget, quiet: fmt(quiet), busy: fmt(busy), samePlan: same(quiet.result, busy.result) })}\n`);
    cells.push(fmt(quiet), fmt(busy), same(quiet.result, busy.result) ? 'yes' : `no (${quiet.result.moves.length} vs ${busy.result.moves.length} moves)`);
  }
  rows.push(`| ${name} | ${cells.join(' | ')} |`);
}
process.stdout.write(`\ntime limit ${timeLimitSeconds} s (work budget ${timeLimitSeconds * DEFAULT_WORK_SHARE} s); each cell: wall seconds, endedBy, objective (gap)\n\n`);
process.stdout.write('| problem | work: quiet | work: a core busy | same plan | wall: quiet | wall: a core busy | same plan |\n|---|---|---|---|---|---|---|\n');
process.stdout.write(`${rows.join('\n')}\n`);
