/**
 * What the routes that take a problem need to know about a valid body before they accept it: the
 * domain errors, the model size and the few small fields. Pure functions of the validated body, so
 * that they run on the main thread for small bodies and in the parse thread for large ones
 * (workers/parse-worker.ts) and give the same answers; the routes act on them in one order either
 * way (admission.ts). From the parse thread the problems come back as JSON text, not objects, so
 * that a 50 MB problem is never rebuilt on the main thread: the store keeps it as text anyway.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { applyVariant, estimateModelPairs, matchRepsByName, parseProblem, validateProblem, type Problem, type ProblemInput } from '../../solver/index.ts';
import type { FieldError } from '../errors.ts';
import type { frontierBodySchema } from '../http/frontier-schema.ts';
import type { scenarioBodySchema, solveBodySchema, submitJobSchema } from '../http/schemas.ts';

export type SubmitJobBody = z.output<typeof submitJobSchema>;
export type FrontierBody = z.output<typeof frontierBodySchema>;
export type SolveBody = z.output<typeof solveBodySchema>;
export type ScenarioBody = z.output<typeof scenarioBodySchema>;

/** How large a problem's model is (MAX_MODEL_PAIRS) and what it is made of (for the 413's fields). */
export interface ModelSize {
  readonly pairs: number;
  readonly accounts: number;
  readonly reps: number;
}

export interface ProblemFacts extends ModelSize {
  /** validateProblem's errors, with paths from the problem's root. */
  readonly errors: readonly FieldError[];
}

/** As the solve will see it: owners and locks given by rep name are matched first (parseProblem does the same). */
export function problemFacts(problem: Problem): ProblemFacts {
  const { errors } = validateProblem(matchRepsByName(problem).problem);
  return {
    errors: errors.map((e) => ({ path: e.path, message: e.message })),
    // The estimate assumes references that resolve; an invalid problem is refused before it matters.
    pairs: errors.length === 0 ? estimateModelPairs(problem) : 0,
    accounts: problem.accounts.length,
    reps: problem.reps.length,
  };
}

/** The hash an Idempotency-Key is bound to: of the validated body, so equal documents match. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * A problem as a route stores or solves it: the object (small bodies), its JSON text (large ones the
 * route solves at once), or the file the parse thread wrote it to (large ones the store keeps:
 * jobs/staged-bodies.ts).
 */
export type ProblemDocument =
  | { readonly problem: unknown; readonly problemJson?: undefined; readonly problemFile?: undefined }
  | { readonly problem?: undefined; readonly problemJson: string; readonly problemFile?: undefined }
  | { readonly problem?: undefined; readonly problemJson?: undefined; readonly problemFile: string };

export interface SolveSubmission {
  readonly facts: ProblemFacts;
  readonly timeLimitSeconds: number | undefined;
  readonly problemTimeLimitSeconds: number;
  readonly document: ProblemDocument;
}

export function solveSubmission(body: SolveBody): SolveSubmission {
  return {
    facts: problemFacts(body.problem),
    timeLimitSeconds: body.options?.timeLimitSeconds,
    problemTimeLimitSeconds: body.problem.options.timeLimitSeconds,
    document: { problem: body.problem },
  };
}

/** A job is a solve with a webhook. */
export interface JobSubmission extends SolveSubmission {
  readonly webhookUrl: string | undefined;
  /** Computed in the parse thread only (small bodies hash when an Idempotency-Key asks for it). */
  readonly hash?: string;
}

export function jobSubmission(body: SubmitJobBody): JobSubmission {
  return { ...solveSubmission(body), webhookUrl: body.webhookUrl };
}

/** A frontier is a job with its budgets (or its number of points) and each point's time limit. */
export interface FrontierSubmission extends JobSubmission {
  readonly budgets: readonly number[] | undefined;
  readonly points: number | undefined;
  readonly timeLimitSecondsPerPoint: number | undefined;
}

export function frontierSubmission(body: FrontierBody): FrontierSubmission {
  return {
    facts: problemFacts(body.problem),
    // Per point, not the job's: the route turns it into the job's time limit (routes/frontier.ts).
    timeLimitSeconds: undefined,
    problemTimeLimitSeconds: body.problem.options.timeLimitSeconds,
    document: { problem: body.problem },
    webhookUrl: body.webhookUrl,
    budgets: body.budgets,
    points: body.points,
    timeLimitSecondsPerPoint: body.timeLimitSecondsPerPoint,
  };
}

/**
 * The hash a frontier's Idempotency-Key is bound to: of the body marked as a frontier's, since
 * `{ "problem": ... }` alone is also a valid POST /v1/jobs body, and a key must not replay a solve
 * job as a frontier or the other way round.
 */
export function frontierHash(body: unknown): string {
  return requestHash({ frontier: body });
}

/** One job of a scenario: a variant (or the base) and the size of the problem it makes. */
export interface PlannedVariant {
  readonly name: string;
  /** Where its model-size errors point: `base` or `variants[k].problem`. */
  readonly prefix: string;
  readonly size: ModelSize;
  readonly problemTimeLimitSeconds: number;
  /** What the job stores: the variant itself (`{ name: 'base' }` for the base); its problem is the base with it applied. */
  readonly spec: ScenarioBody['variants'][number] | { readonly name: string };
}

export interface ScenarioPlan {
  readonly base: ProblemFacts;
  /** The base problem, stored once for every variant. */
  readonly baseDocument: ProblemDocument;
  /** Bad variants (patches, unknown names, duplicate names); empty while the base itself is invalid. */
  readonly errors: readonly FieldError[];
  /** Each job to create, the base first when included; empty when there are errors. */
  readonly variants: readonly PlannedVariant[];
  readonly timeLimitSeconds: number | undefined;
}

export function scenarioPlan(body: ScenarioBody): ScenarioPlan {
  const { base, variants, includeBase, options } = body;
  const baseFacts = problemFacts(base);
  const timeLimitSeconds = options?.timeLimitSeconds;
  // An invalid base is refused on its own errors; its variants are not looked at.
  const baseDocument: ProblemDocument = { problem: base };
  if (baseFacts.errors.length > 0) return { base: baseFacts, baseDocument, errors: [], variants: [], timeLimitSeconds };
  const all = includeBase ? [{ name: 'base' }, ...variants] : variants;
  const offset = includeBase ? 1 : 0;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const problems = all.map((variant, k) => {
    const at = `variants[${k - offset}]`;
    if (seen.has(variant.name)) errors.push({ path: `${at}.name`, message: `duplicate variant name "${variant.name}"${variant.name === 'base' && includeBase ? ' (the base is included as "base"; set includeBase: false or rename)' : ''}` });
    seen.add(variant.name);
    const applied = applyVariant(base as ProblemInput, variant);
    errors.push(...applied.issues.map((i) => ({ path: `${at}.${i.path}`, message: i.message })));
    const parsed = parseProblem(applied.problem);
    if (!parsed.ok) {
      errors.push(...parsed.issues.map((i) => ({ path: `${at}.problem.${i.path}`, message: i.message })));
      return null;
    }
    return parsed.problem;
  });
  if (errors.length > 0) return { base: baseFacts, baseDocument, errors, variants: [], timeLimitSeconds };
  return {
    base: baseFacts,
    baseDocument,
    errors,
    variants: problems.map((problem, k) => ({
      name: all[k]!.name,
      prefix: k < offset ? 'base' : `variants[${k - offset}].problem`,
      // A variant can grow the model past the limit (added reps, a patch that adds accounts).
      size: { pairs: estimateModelPairs(problem!), accounts: problem!.accounts.length, reps: problem!.reps.length },
      problemTimeLimitSeconds: problem!.options.timeLimitSeconds,
      spec: all[k]!,
    })),
    timeLimitSeconds,
  };
}
