/**
 * OR-Library GAP benchmark: solves every problem of the given files as minimisation with our
 * engine (solveAssignment) and prints one JSON line per problem on stdout:
 *   {"file","problem","agents","jobs","objective","bound","status","seconds","assignment"}
 * `problem` is 1-based within its file; `assignment[j]` is the 0-based agent of job j. Every
 * assignment is re-checked with checkAssignment before it is printed; an invalid one is reported
 * loudly on stderr and printed with status "error".
 *
 *   npm run --silent bench:gap -- <orlib-file>... [--time-limit <s>] [--peer] [--report]
 *                                 [--best-known <csv>]
 *
 * --peer    also runs plain HiGHS (solveWithHighs: no warm start, same limit and gap) on the same
 *           model and adds "peer": {objective, bound, status, seconds} to the line.
 * --report  prints a markdown summary against best-known.csv to stderr at the end.
 * best-known.csv defaults to ../best-known.csv next to the first file's folder.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkAssignment, runContext, solveAssignment, type AssignmentModel, type AssignmentSolution } from '../solver/index.ts';
import { solveWithHighs } from '../solver/backends/highs.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import { gapToModel, loadBestKnown, parseGapFile, problemKey, type BestKnown } from './gap-format.ts';

/** Prove optimality: stop only at a zero relative gap (or the time limit). */
const MIP_GAP = 0;
const SEED = 0;
const DEFAULT_TIME_LIMIT_SECONDS = 30;

/** What we print for one solve, after checking it. */
interface Run {
  readonly objective: number | null;
  readonly bound: number | null;
  readonly status: string;
  readonly seconds: number;
  /** CPU seconds this process got during the solve (stderr only: shows contention on a busy machine). */
  readonly cpuSeconds: number;
  /** Which path of the engine produced the answer (stderr only), null for plain HiGHS. */
  readonly strategy: string | null;
  readonly assignment: number[] | null;
}

interface Row {
  readonly file: string;
  readonly problem: number;
  readonly best: BestKnown | undefined;
  readonly engine: Run;
  readonly peer: Run | undefined;
}

const round = (value: number | null, digits: number): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs one solver on the model, timing it on the wall clock and validating its answer. */
async function run(
  label: string,
  model: AssignmentModel,
  solve: () => Promise<AssignmentSolution & { readonly strategy?: string }>,
): Promise<Run> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const solution = await solve();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  let status: string = solution.status;
  let objective = solution.objective;
  const fail = (why: string) => {
    console.error(`\n!!! ${label}: INVALID ANSWER: ${why}\n`);
    status = 'error';
  };
  if (solution.status === 'error') console.error(`!!! ${label}: solver error: ${solution.message ?? 'no message'}`);
  if (solution.assignment) {
    const check = checkAssignment(model, solution.assignment);
    if (!check.feasible) fail(`infeasible assignment: ${check.violations.join('; ')}`);
    else if (objective === null || Math.abs(check.objective - objective) > 1e-6 * Math.max(1, Math.abs(check.objective))) {
      fail(`reported objective ${objective} but the assignment costs ${check.objective}`);
    }
    objective = check.feasible ? check.objective : objective;
  } else if (solution.status === 'optimal' || solution.status === 'feasible') {
    fail(`status ${solution.status} without an assignment`);
  }
  return {
    objective,
    bound: round(solution.bound, 6),
    status,
    seconds: round(seconds, 3)!,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    strategy: solution.strategy ?? null,
    assignment: solution.assignment ? Array.from(solution.assignment) : null,
  };
}

function gapToBest(objective: number | null, best: BestKnown | undefined): number | null {
  if (objective === null || best === undefined) return null;
  return (objective - best.value) / Math.abs(best.value);
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${(100 * value).toFixed(2)}%`);

/** Markdown summary per file for one side (engine or peer). */
function summarise(rows: readonly Row[], side: 'engine' | 'peer'): string[] {
  const cells: string[] = [];
  const runs = rows.map((row) => ({ run: row[side], best: row.best })).filter((r) => r.run !== undefined) as { run: Run; best: BestKnown | undefined }[];
  const gaps = runs.map(({ run, best }) => gapToBest(run.objective, best));
  const known = gaps.filter((g): g is number => g !== null);
  const atBest = known.filter((g) => g <= 1e-9).length;
  const missing = gaps.length - known.length;
  cells.push(`${atBest}/${runs.length}`);
  cells.push(`${runs.filter(({ run }) => run.status === 'optimal').length}`);
  cells.push(known.length ? percent(known.reduce((s, g) => s + g, 0) / known.length) : 'n/a');
  cells.push(known.length ? percent(Math.max(...known)) + (missing ? ` (+${missing} none)` : '') : 'n/a');
  cells.push(runs.reduce((s, { run }) => s + run.seconds, 0).toFixed(1));
  cells.push(Math.max(...runs.map(({ run }) => run.seconds)).toFixed(1));
  cells.push(runs.reduce((s, { run }) => s + run.cpuSeconds, 0).toFixed(1));
  return cells;
}

function report(rows: readonly Row[], withPeer: boolean): string {
  const sides = withPeer ? (['engine', 'peer'] as const) : (['engine'] as const);
  const metrics = ['at best', 'proven opt', 'mean gap', 'max gap', 'total s', 'max s', 'cpu s'];
  const header = ['file', 'problems', ...sides.flatMap((side) => metrics.map((m) => `${side} ${m}`))];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const files = [...new Set(rows.map((row) => row.file))];
  const groups: [string, readonly Row[]][] = files.map((file) => [file, rows.filter((row) => row.file === file)]);
  if (files.length > 1) groups.push(['all', rows]);
  for (const [file, group] of groups) {
    const cells = [file, `${group.length}`, ...sides.flatMap((side) => summarise(group, side))];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'time-limit': { type: 'string' },
      peer: { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      'best-known': { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    console.error('usage: npm run --silent bench:gap -- <orlib-file>... [--time-limit <s>] [--peer] [--report] [--best-known <csv>]');
    return 2;
  }
  const timeLimitSeconds = values['time-limit'] === undefined ? DEFAULT_TIME_LIMIT_SECONDS : Number(values['time-limit']);
  if (!Number.isFinite(timeLimitSeconds) || timeLimitSeconds <= 0) {
    console.error(`--time-limit must be a positive number of seconds, got ${values['time-limit']}`);
    return 2;
  }
  const bestPath = values['best-known'] ?? resolve(dirname(positionals[0]!), '..', 'best-known.csv');
  const bestKnown = existsSync(bestPath) ? await loadBestKnown(bestPath) : new Map<string, BestKnown>();
  if (bestKnown.size === 0) console.error(`(no best-known values: ${bestPath} not found)`);

  // Compile the wasm once before any clock starts, so the first problem does not pay for it.
  await highsFactory();

  const rows: Row[] = [];
  for (const path of positionals) {
    const file = basename(path);
    const problems = parseGapFile(await readFile(path, 'utf8'));
    for (const [index, problem] of problems.entries()) {
      const number = index + 1;
      const label = `${file} #${number} (${problem.agents}x${problem.jobs})`;
      const best = bestKnown.get(problemKey(file, number));
      if (best && (best.agents !== problem.agents || best.jobs !== problem.jobs)) {
        throw new Error(`${label}: best-known.csv says ${best.agents}x${best.jobs}`);
      }
      const model = gapToModel(problem);
      const engine = await run(`${label} engine`, model, () =>
        solveAssignment(model, { timeLimitSeconds, mipGap: MIP_GAP, seed: SEED, highs: highsFactory }),
      );
      const peer = values.peer
        ? await run(`${label} peer`, model, () =>
            solveWithHighs(model, runContext({ timeLimitSeconds, seed: SEED, highs: highsFactory, clock: 'wall' }), { mipGap: MIP_GAP }),
          )
        : undefined;
      rows.push({ file, problem: number, best, engine, peer });
      const line = {
        file,
        problem: number,
        agents: problem.agents,
        jobs: problem.jobs,
        objective: engine.objective,
        bound: engine.bound,
        status: engine.status,
        seconds: engine.seconds,
        assignment: engine.assignment,
        ...(peer ? { peer: { objective: peer.objective, bound: peer.bound, status: peer.status, seconds: peer.seconds } } : {}),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      const describe = (r: Run) => `${r.status} ${r.objective ?? '-'} (bound ${r.bound ?? '-'}, ${r.seconds.toFixed(2)} s, cpu ${r.cpuSeconds.toFixed(2)} s${r.strategy ? `, ${r.strategy}` : ''})`;
      console.error(
        `${label}: engine ${describe(engine)}${peer ? `; peer ${describe(peer)}` : ''}; best known ${best?.value ?? '?'}`,
      );
    }
  }
  if (values.report) console.error(`\n${report(rows, values.peer)}\n`);
  return rows.some((row) => row.engine.status === 'error' || row.peer?.status === 'error') ? 1 : 0;
}

process.exitCode = await main();
