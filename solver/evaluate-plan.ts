/**
 * A plan that did not come from the solver (a planner's hand edit, a plan from elsewhere) scored as
 * if it had: the same result document a solve returns (territories, balance, capacity report,
 * moves, objective), plus what the solver never needs to say about its own plans: which hard
 * constraints the plan breaks, each by family with the rep or account and the numbers, and how far
 * its objective is above a proven bound when the caller knows one (POST /v1/evaluate).
 *
 * The verdict is verify.ts's, the independent checker: its messages are read back into families
 * here rather than re-deriving the constraints a third time.
 */
import { z } from 'zod';
import { compileProblem } from './compile.ts';
import { reportModel, streamProblem } from './compile-stream.ts';
import { defaultEngineOptions } from './engine-options.ts';
import { estimateModelPairs } from './model-size.ts';
import { documented } from './documented.ts';
import { evaluateAlignment, type Ownership } from './evaluate-alignment.ts';
import type { Problem } from './problem.ts';
import { balance, capacityReport, moves, quotas } from './report.ts';
import { DIAGNOSIS_FAMILIES, territoryResultSchema, type TerritoryResult } from './result.ts';
import { verify } from './verify.ts';

export const VIOLATION_FAMILIES = [...DIAGNOSIS_FAMILIES.filter((f) => f !== 'combination'), 'unassigned', 'other'] as const;

export const violationSchema = z.strictObject({
  family: documented(z.enum(VIOLATION_FAMILIES), 'The hard-constraint family the plan breaks: eligibility (call pattern, skill, exclusion), locks, frozen-segments, capacity, max-accounts, workload-band, value-band, max-moves, max-handoffs, max-takeovers, unassigned (an account without a rep).', 'capacity'),
  message: documented(z.string(), 'What is broken, with the numbers, in one sentence.', 'rep anna carries 121.40 h, above its capacity 110 h'),
  repId: documented(z.string(), 'The rep concerned, when there is one.', 'anna').optional(),
  accountId: documented(z.string(), 'The account concerned, when there is one.', 'pforzheim').optional(),
  value: documented(z.number(), 'The measured quantity (hours, accounts, value or moves).', 121.4).optional(),
  limit: documented(z.number(), 'The limit it breaks (for a band, the edge of the band it is outside).', 110).optional(),
});

export const evaluationSchema = z.strictObject({
  ok: documented(z.boolean(), 'True when the plan satisfies every hard constraint.', false),
  violations: documented(z.array(violationSchema), 'Every hard constraint the plan breaks (empty when ok).', [{ family: 'capacity', message: 'rep anna carries 121.40 h, above its capacity 110 h', repId: 'anna', value: 121.4, limit: 110 }]),
  bound: documented(z.number().nullable(), 'The proven lower bound given with the request; null when none was given.', 2878.16),
  aboveBound: documented(z.number().nullable(), '(objective - bound) / |objective|, a fraction: how far this plan is above the best any plan can reach; null without a bound.', 0.032),
  summary: documented(z.string(), 'The verdict in one sentence a sales leader reads.', 'Your plan breaks 1 rule (capacity) and is 3.2% above the proven bound.'),
});

export const evaluatedResultSchema = territoryResultSchema.extend({
  evaluation: documented(evaluationSchema, 'The verdict on this alignment: violated constraints and the distance to the proven bound.', {
    ok: false, violations: [{ family: 'capacity', message: 'rep anna carries 121.40 h, above its capacity 110 h', repId: 'anna', value: 121.4, limit: 110 }], bound: 2878.16, aboveBound: 0.032, summary: 'Your plan breaks 1 rule (capacity) and is 3.2% above the proven bound.',
  }),
}).describe('The result document for exactly the alignment given (as a solve returns it, solver.strategy "evaluate"), with its evaluation.');

export type Violation = z.output<typeof violationSchema>;
export type Evaluation = z.output<typeof evaluationSchema>;
export type EvaluatedResult = TerritoryResult & { readonly evaluation: Evaluation };

/** verify.ts's messages, one pattern per family (kept beside verify.ts's wording, tested together). */
const PATTERNS: ReadonlyArray<{ re: RegExp; family: Violation['family']; read: (m: RegExpExecArray, problem: Problem) => Partial<Violation> }> = [
  { re: /^account (\S+) is not assigned$/, family: 'unassigned', read: (m) => ({ accountId: m[1]! }) },
  { re: /^account (\S+) \(segment \S+\) has no call pattern for (\S+)'s role/, family: 'eligibility', read: (m) => ({ accountId: m[1]!, repId: m[2]! }) },
  { re: /^account (\S+) needs skill .+, which (\S+) lacks$/, family: 'eligibility', read: (m) => ({ accountId: m[1]!, repId: m[2]! }) },
  { re: /^account (\S+) excludes (\S+)$/, family: 'eligibility', read: (m) => ({ accountId: m[1]!, repId: m[2]! }) },
  { re: /^account (\S+) is locked to \S+ but given to (\S+)$/, family: 'locks', read: (m) => ({ accountId: m[1]!, repId: m[2]! }) },
  { re: /^account (\S+) is in frozen segment \S+ but moved from \S+ to (\S+)$/, family: 'frozen-segments', read: (m) => ({ accountId: m[1]!, repId: m[2]! }) },
  { re: /^rep (\S+) carries ([\d.]+) h, above its capacity ([\d.]+) h$/, family: 'capacity', read: (m) => ({ repId: m[1]!, value: Number(m[2]), limit: Number(m[3]) }) },
  { re: /^rep (\S+) has (\d+) accounts, above its maximum (\d+)$/, family: 'max-accounts', read: (m) => ({ repId: m[1]!, value: Number(m[2]), limit: Number(m[3]) }) },
  { re: /^rep (\S+) hands off (\d+) accounts, above its maxHandoffs (\d+)$/, family: 'max-handoffs', read: (m) => ({ repId: m[1]!, value: Number(m[2]), limit: Number(m[3]) }) },
  { re: /^rep (\S+) takes over (\d+) accounts, above its maxTakeovers (\d+)$/, family: 'max-takeovers', read: (m) => ({ repId: m[1]!, value: Number(m[2]), limit: Number(m[3]) }) },
  { re: /^(\d+) accounts move, above maxMoves (\d+)$/, family: 'max-moves', read: (m) => ({ value: Number(m[1]), limit: Number(m[2]) }) },
  {
    re: /^(workload|value) of rep (\S+) is ([\d.]+), outside ±([\d.]+) of its share ([\d.]+)$/,
    family: 'workload-band',
    read: (m) => {
      const load = Number(m[3]);
      const tol = Number(m[4]);
      const share = Number(m[5]);
      return { family: m[1] === 'value' ? 'value-band' : 'workload-band', repId: m[2]!, value: load, limit: load > share ? share * (1 + tol) : share * (1 - tol) };
    },
  },
];

function classify(message: string, problem: Problem): Violation {
  for (const p of PATTERNS) {
    const m = p.re.exec(message);
    if (m) return { family: p.family, message, ...p.read(m, problem) };
  }
  return { family: 'other', message };
}

/**
 * Scores `alignment` (one entry per account; accounts left out are unassigned). Entries naming
 * unknown accounts or reps, or an account twice, are the caller's to refuse first (the route names
 * them by index); here they would only be ignored.
 */
export function evaluatePlan(problem: Problem, alignment: readonly Ownership[], bound: number | null = null, modelPairBudget = defaultEngineOptions.modelPairBudget): EvaluatedResult {
  const started = performance.now();
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
  const ownerOf = new Map(alignment.map((o) => [o.accountId, o.repId] as const));
  const assignment = Int32Array.from(problem.accounts, (a) => repIndex.get(ownerOf.get(a.id) ?? '') ?? -1);
  // A model above the budget is not built whole: the reports read a model of this plan's pairs.
  const streamed = estimateModelPairs(problem) > modelPairBudget ? streamProblem(problem) : null;
  const compiled = streamed
    ? reportModel(streamed, assignment.map((j, i) => (j >= 0 ? j : streamed.data.pairData.current[i]!)))
    : compileProblem(problem);
  const check = verify(problem, alignment);
  // evaluateAlignment counts an owner that may not own its account (the report's own territories
  // leave such a pair out, as the solver never chooses one): a hand edit must show its full load.
  const { territories: terr } = evaluateAlignment(problem, alignment);
  // An unassigned account is no move: it keeps its current rep for the moves' explanation only.
  const forMoves = assignment.map((j, i) => (j >= 0 ? j : compiled.current[i]!));
  const quota = quotas(compiled, terr);
  const objective = check.objective.total;
  const aboveBound = bound === null ? null : (objective - bound) / Math.max(Math.abs(objective), 1e-9);
  const violations = check.violations.map((v) => classify(v, problem));
  return {
    ...(problem.name !== undefined ? { name: problem.name } : {}),
    solver: {
      // A plan by hand proves nothing: feasible when it holds, infeasible when it breaks a rule.
      status: check.ok ? 'feasible' : 'infeasible',
      objective,
      bound,
      gap: aboveBound === null ? null : Math.max(0, aboveBound),
      seconds: (performance.now() - started) / 1000,
      strategy: 'evaluate',
      boundSource: null,
      timeLimitSeconds: 0,
      workLimitSeconds: null,
      endedBy: 'proof',
      mipGap: problem.options.mipGap ?? 0,
      message: check.ok ? 'a plan given to evaluate: it holds every hard constraint' : `a plan given to evaluate: it breaks ${violations.length} hard constraint${violations.length === 1 ? '' : 's'}`,
    },
    assignments: problem.accounts.flatMap((a, i) => (assignment[i]! >= 0 ? [{ accountId: a.id, repId: problem.reps[assignment[i]!]!.id, segment: compiled.segments[i]! }] : [])),
    moves: moves(compiled, forMoves),
    territories: terr,
    balance: balance(compiled, terr),
    capacity: capacityReport(compiled, assignment),
    ...(quota ? { quotas: quota } : {}),
    objective: check.objective,
    warnings: [],
    evaluation: { ok: check.ok, violations, bound, aboveBound, summary: summary(violations, aboveBound) },
  };
}

function summary(violations: readonly Violation[], aboveBound: number | null): string {
  const families = [...new Set(violations.map((v) => v.family))];
  const rules = violations.length === 0
    ? 'Your plan keeps every rule'
    : `Your plan breaks ${violations.length} rule${violations.length === 1 ? '' : 's'} (${families.join(', ')})`;
  if (aboveBound === null) return `${rules}.`;
  if (aboveBound <= 5e-5) return `${rules} and is as good as the proven bound.`;
  return `${rules} and is ${(aboveBound * 100).toFixed(1)}% above the proven bound.`;
}
