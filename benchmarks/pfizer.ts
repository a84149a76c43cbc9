/**
 * Pfizer Turkey territory benchmark (Köksalan & Batun): solves each variant with our pipeline
 * (solve) and with the peer, plain HiGHS on the compiled model (solveWithHighs, no heuristics, same
 * time limit, gap and seed), re-checks both plans with verify(), and prints a markdown table.
 *
 *   npm run --silent bench:pfizer -- [--time-limit <s>] [--dir <data folder>] [--json]
 *
 * --dir   defaults to benchmarks/instances/pfizer.
 * --json  prints one JSON line per variant on stdout and the table on stderr.
 * Exit code 1 when a plan fails verification or a solver errs.
 */
import { parseArgs } from 'node:util';
import { compileProblem, defaultMipGap, parseProblem, runContext, solve, solveWithHighs, verify, type Problem, type ProblemInput } from '../solver/index.ts';
import { highsFactory } from '../src/highs-runtime.ts';
import {
  DISRUPTION_WEIGHTS,
  PFIZER_22X4_OPTIMA,
  PFIZER_DIR,
  disruptionProblem,
  distanceProblem,
  load100x10,
  load22x4,
  type PfizerInstance,
} from './pfizer-format.ts';

const DEFAULT_TIME_LIMIT_SECONDS = 30;
const TOLERANCES = [0.2, 0.15, 0.1] as const;

interface Variant {
  readonly label: string;
  readonly kind: 'distance' | 'disruption';
  readonly known: string;
  readonly input: ProblemInput;
}

/** One engine's measured run, after verification. */
interface Run {
  readonly status: string;
  /** Objective as the engine minimised it (for disruption: 1e4 x disruption + 1e-3 x distance). */
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly distance: number | null;
  readonly disruption: number | null;
  readonly seconds: number;
  readonly verified: boolean;
}

function variants(i22: PfizerInstance, i100: PfizerInstance): Variant[] {
  const known = new Map<number, number>(PFIZER_22X4_OPTIMA.distance.map((o) => [o.tolerance, o.distance]));
  const d = PFIZER_22X4_OPTIMA.disruption;
  return [
    ...TOLERANCES.map((t) => ({ label: `22x4 distance t=${t.toFixed(2)}`, kind: 'distance' as const, known: `${known.get(t)!.toFixed(2)} km`, input: distanceProblem(i22, t) })),
    { label: `22x4 disruption t=${d.tolerance.toFixed(2)}`, kind: 'disruption', known: `${d.disruption} (${d.distance} km)`, input: disruptionProblem(i22, d.tolerance) },
    ...TOLERANCES.map((t) => ({ label: `100x10 distance t=${t.toFixed(2)}`, kind: 'distance' as const, known: 'none', input: distanceProblem(i100, t) })),
    { label: '100x10 disruption t=0.20', kind: 'disruption', known: 'none', input: disruptionProblem(i100, 0.2) },
  ];
}

/** Verifies a plan (agent index per account) and builds the run; complains loudly when it fails. */
function measure(label: string, problem: Problem, solved: { status: string; objective: number | null; bound: number | null; plan: ArrayLike<number> | null; seconds: number; message?: string }): Run {
  const empty = { distance: null, disruption: null, gap: null, verified: false };
  if (solved.status === 'error') console.error(`!!! ${label}: solver error: ${solved.message ?? 'no message'}`);
  if (!solved.plan) return { status: solved.status, objective: null, bound: solved.bound, seconds: solved.seconds, ...empty };
  const plan = solved.plan;
  const check = verify(problem, problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[plan[i]!]?.id ?? '?' })));
  const total = check.objective.total;
  const agrees = solved.objective !== null && Math.abs(total - solved.objective) <= 1e-6 * Math.max(1, Math.abs(total));
  if (!check.ok || !agrees) {
    const why = check.ok ? `reported objective ${solved.objective}, recomputed ${total}` : check.violations.slice(0, 5).join('; ');
    console.error(`\n!!! ${label}: INVALID PLAN: ${why}\n`);
    return { status: 'error', objective: solved.objective, bound: solved.bound, seconds: solved.seconds, ...empty };
  }
  const gap = solved.bound === null ? null : Math.max(0, total - solved.bound) / Math.max(Math.abs(total), 1e-9);
  return { status: solved.status, objective: total, bound: solved.bound, gap, distance: check.objective.travel, disruption: check.objective.disruption, seconds: solved.seconds, verified: true };
}

async function ours(label: string, problem: Problem, timeLimitSeconds: number): Promise<Run> {
  const started = performance.now();
  const result = await solve(problem, { highs: highsFactory, timeLimitSeconds });
  const seconds = (performance.now() - started) / 1000;
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
  const plan = result.assignments.length === problem.accounts.length ? result.assignments.map((a) => repIndex.get(a.repId) ?? -1) : null;
  const { status, objective, bound, message } = result.solver;
  return measure(`${label} ours`, problem, { status, objective, bound, plan, seconds, ...(message ? { message } : {}) });
}

async function peer(label: string, problem: Problem, timeLimitSeconds: number): Promise<Run> {
  const started = performance.now();
  const { model } = compileProblem(problem);
  const mipGap = problem.options.mipGap ?? defaultMipGap(model.pairAgent.length);
  const r = await solveWithHighs(model, runContext({ timeLimitSeconds, seed: problem.options.seed, highs: highsFactory, clock: 'wall' }), { mipGap });
  const seconds = (performance.now() - started) / 1000;
  return measure(`${label} peer`, problem, { status: r.status, objective: r.objective, bound: r.bound, plan: r.assignment, seconds, ...(r.message ? { message: r.message } : {}) });
}

const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
const digitsOf = (kind: Variant['kind'], label: string) => (kind === 'disruption' ? 5 : label.startsWith('22x4') ? 2 : 4);

/** What the plan achieves, in the units of the case. */
function plan(kind: Variant['kind'], label: string, run: Run): string {
  if (run.distance === null) return '-';
  const km = fixed(run.distance, label.startsWith('22x4') ? 2 : 4);
  return kind === 'distance' ? km : `${fixed(run.disruption, 4)} (${km})`;
}

function table(rows: readonly { variant: Variant; ours: Run; peer: Run }[]): string {
  const header = ['variant', 'known optimum', 'ours: plan', 'ours: objective', 'ours: bound', 'ours: gap', 'ours: status', 'ours: s', 'peer: plan', 'peer: objective', 'peer: status', 'peer: s'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const { variant: v, ours: o, peer: p } of rows) {
    const digits = digitsOf(v.kind, v.label);
    const gap = o.gap === null ? '-' : `${(100 * o.gap).toFixed(4)}%`;
    lines.push(`| ${[v.label, v.known, plan(v.kind, v.label, o), fixed(o.objective, digits), fixed(o.bound, digits), gap, o.status, o.seconds.toFixed(2), plan(v.kind, v.label, p), fixed(p.objective, digits), p.status, p.seconds.toFixed(2)].join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'time-limit': { type: 'string' },
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const timeLimitSeconds = values['time-limit'] === undefined ? DEFAULT_TIME_LIMIT_SECONDS : Number(values['time-limit']);
  if (!Number.isFinite(timeLimitSeconds) || timeLimitSeconds <= 0) {
    console.error(`--time-limit must be a positive number of seconds, got ${values['time-limit']}`);
    return 2;
  }
  const dir = values.dir ?? PFIZER_DIR;
  const [i22, i100] = await Promise.all([load22x4(dir), load100x10(dir)]);
  // Compile the wasm once before any clock starts.
  await highsFactory();

  const rows: { variant: Variant; ours: Run; peer: Run }[] = [];
  for (const variant of variants(i22, i100)) {
    const parsed = parseProblem(variant.input);
    if (!parsed.ok) throw new Error(`${variant.label}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    const o = await ours(variant.label, parsed.problem, timeLimitSeconds);
    const p = await peer(variant.label, parsed.problem, timeLimitSeconds);
    rows.push({ variant, ours: o, peer: p });
    const describe = (r: Run) => `${r.status} ${plan(variant.kind, variant.label, r)} (objective ${fixed(r.objective, 6)}, bound ${fixed(r.bound, 6)}, ${r.seconds.toFixed(2)} s)`;
    console.error(`${variant.label}: ours ${describe(o)}; peer ${describe(p)}; known ${variant.known}`);
    if (values.json) {
      const weights = variant.kind === 'disruption' ? { weights: DISRUPTION_WEIGHTS } : {};
      process.stdout.write(`${JSON.stringify({ variant: variant.label, known: variant.known, timeLimitSeconds, ...weights, ours: o, peer: p })}\n`);
    }
  }
  const out = table(rows);
  if (values.json) console.error(`\n${out}\n`);
  else process.stdout.write(`${out}\n`);
  return rows.some((r) => r.ours.status === 'error' || r.peer.status === 'error') ? 1 : 0;
}

process.exitCode = await main();
