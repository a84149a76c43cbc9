/**
 * One benchmark run in its own process (so peak RSS is this run's alone): generate a problem, solve it
 * with our engine or with plain HiGHS on the same compiled model, verify the plan, print one JSON line.
 *   node --import tsx benchmarks/scale-run.ts --engine ours|highs --accounts N --reps M --seed S --time-limit T
 *     [--model-pair-budget P] [--wide] [--problem file.json [--mode weighted|rebalance|auto]]
 * `--model-pair-budget`: solve()'s modelPairBudget (a model with more pairs is streamed, see
 * docs/large-models.md); `--wide`: every account eligible for every rep of one role
 * (test/service/support/wide-problem.ts), the hardening issue's memory bomb, instead of the generator.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compileProblem, defaultMipGap, parseProblem, runContext, solve, solveWithHighs, verify, relativeGap, type SolveProgress } from '../solver/index.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import { wideProblem } from '../test/service/support/wide-problem.ts';
import { generateProblem } from './generate-problem.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'ours' },
    accounts: { type: 'string', default: '2000' },
    reps: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    'time-limit': { type: 'string', default: '30' },
    'model-pair-budget': { type: 'string' },
    wide: { type: 'boolean', default: false },
    /** A problem file in place of a generated one (its accounts and reps then count as given). */
    problem: { type: 'string' },
    /** With --problem: its objective.mode (the issue 10 figures are of the weighted objective). */
    mode: { type: 'string' },
    /** Print each progress snapshot of our engine on stderr. */
    progress: { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts);
const reps = Number(values.reps);
const seed = Number(values.seed);
const timeLimitSeconds = Number(values['time-limit']);

const budget = values['model-pair-budget'] === undefined ? undefined : Number(values['model-pair-budget']);
function fromFile(file: string): unknown {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { objective?: Record<string, unknown> };
  return values.mode === undefined ? doc : { ...doc, objective: { ...doc.objective, mode: values.mode } };
}
const parsed = parseProblem(values.problem !== undefined ? fromFile(values.problem) : values.wide ? wideProblem(accounts, reps, timeLimitSeconds) : generateProblem({ accounts, reps, seed }));
if (values.progress) process.stderr.write(`generated and parsed, rss=${Math.round(process.memoryUsage.rss() / 2 ** 20)}MB\n`);
if (!parsed.ok) throw new Error(`generated problem is invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
const problem = parsed.problem;
const started = performance.now();
let line: Record<string, unknown>;
if (values.engine === 'ours') {
  const onProgress = values.progress
    ? (p: SolveProgress) => process.stderr.write(`${p.seconds.toFixed(1)}s ${p.phase} incumbent=${p.incumbent ?? '-'} bound=${p.bound ?? '-'} gap=${p.gap === null ? '-' : (p.gap * 100).toFixed(2) + '%'} rss=${Math.round(process.memoryUsage.rss() / 2 ** 20)}MB\n`)
    : undefined;
  const result = await solve(problem, { highs: highsFactory, timeLimitSeconds, ...(budget !== undefined ? { modelPairBudget: budget } : {}), ...(onProgress ? { onProgress } : {}) });
  const check = result.assignments.length > 0 ? verify(problem, result.assignments) : null;
  line = {
    status: result.solver.status, strategy: result.solver.strategy, boundSource: result.solver.boundSource, endedBy: result.solver.endedBy, objective: result.solver.objective, bound: result.solver.bound,
    gap: result.solver.gap, verified: check?.ok ?? false,
  };
} else {
  const compiled = compileProblem(problem);
  // The gap our engine defaults to for this size, so both run to the same target.
  const mipGap = defaultMipGap(compiled.model.pairAgent.length);
  const out = await solveWithHighs(compiled.model, runContext({ timeLimitSeconds, seed, highs: highsFactory, clock: 'wall' }), { mipGap });
  const assignments = out.assignment ? problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[out.assignment![i]!]!.id })) : [];
  const check = assignments.length > 0 ? verify(problem, assignments) : null;
  const objective = check?.ok ? check.objective.total : null;
  const bound = out.bound === null ? null : objective === null ? out.bound : Math.min(out.bound, objective);
  line = {
    status: out.status, strategy: 'highs-mip (plain)', objective, bound, gap: relativeGap(objective, bound), verified: check?.ok ?? false,
    ...(out.message ? { message: out.message } : {}),
  };
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ engine: values.engine, ...(values.problem !== undefined ? { problem: values.problem, mode: problem.objective.mode } : { accounts, reps, seed }), ...(values.wide ? { wide: true } : {}), ...(budget !== undefined ? { modelPairBudget: budget } : {}), timeLimitSeconds, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...line })}\n`);
