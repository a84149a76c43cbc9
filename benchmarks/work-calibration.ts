/**
 * The calibration of counted work (solver/heuristics/work-cost.ts): each step of the exact path run
 * on one problem with a counted clock and a wall-clock limit, printing the wall time it took beside
 * the work it counted. A ratio (wall / counted) near 1 means counted time is wall time on this
 * machine; the default work budget (60% of the time limit) leaves room for ratios up to about 1.6.
 *   node --import tsx benchmarks/work-calibration.ts problem.json [...]
 */
import { readFileSync } from 'node:fs';
import { compileProblem, parseProblem, solveWithHighs } from '../solver/index.ts';
import { Budget } from '../solver/heuristics/budget.ts';
import { constructDetailed } from '../solver/heuristics/construct.ts';
import { improve } from '../solver/heuristics/local-search.ts';
import { RunContext } from '../solver/run-context.ts';
import { highsFactory } from '../src/highs-runtime.ts';

for (const file of process.argv.slice(2)) {
  const parsed = parseProblem(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(`${file} is not a valid problem`);
  const model = compileProblem(parsed.problem).model;
  /** A run counting work with no work limit, ended by `wallMs` of wall time (or by the step itself). */
  const measure = async (step: string, wallMs: number, work: (run: RunContext) => unknown) => {
    const run = new RunContext(Budget.counted(Infinity, wallMs), highsFactory, 1, () => {});
    const started = performance.now();
    await work(run);
    const wall = performance.now() - started;
    const counted = run.budget.elapsedMs();
    process.stdout.write(`| ${file} | ${step} | ${wall.toFixed(0)} | ${counted.toFixed(0)} | ${(wall / counted).toFixed(2)} |\n`);
  };
  let start: Int32Array | null = null;
  await measure('construction', 60_000, (run) => {
    start = constructDetailed(model, run, { timeLimitMs: Infinity }).assignment;
  });
  if (!start) throw new Error(`${file}: no plan from the construction`);
  await measure('local search (3 s)', 3000, (run) => improve(model, start!, run, { timeLimitMs: Infinity }));
  await measure('HiGHS branch-and-cut (4 s)', 4000, (run) => solveWithHighs(model, run, { mipGap: 0, initial: start }));
  await measure('HiGHS LP relaxation', 60_000, (run) => solveWithHighs(model, run, { mipGap: 0, relax: true }));
}
