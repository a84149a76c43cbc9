/**
 * Which objective a solve minimises: `objective.mode` when it names one; `auto` (the default) is
 * resolved to rebalance when more than half of the accounts have a current rep and the document says
 * nothing of how moves weigh against travel (none of travelWeight, disruptionWeight, maxMoves), else
 * to weighted. See rebalance.ts for what rebalance does.
 */
import type { Problem } from './problem.ts';

/** Above this share of accounts with a current rep, `mode: "auto"` rebalances. */
const AUTO_OWNED_SHARE = 0.5;

/** The objective fields that say how moves weigh against travel: given any, `auto` is weighted. */
const WEIGHING_FIELDS = ['travelWeight', 'disruptionWeight', 'maxMoves'] as const;

/**
 * The mode a solve runs in: `mode` when it names one; for `auto`, rebalance when more than half of
 * the accounts have a current rep and nobody said how to weigh moves against travel. `parseProblem`
 * resolves `auto` from the document (which of WEIGHING_FIELDS it gives, `withResolvedMode`); a
 * problem built in code that still says `auto` is judged by those fields being at their defaults.
 */
export function objectiveMode(problem: Problem): 'weighted' | 'rebalance' {
  const { objective } = problem;
  if (objective.mode !== 'auto') return objective.mode;
  const defaults = objective.travelWeight === 1 && objective.disruptionWeight === 0 && objective.maxMoves === undefined;
  return defaults && mostlyOwned(problem) ? 'rebalance' : 'weighted';
}

/** The problem with `objective.mode: "auto"` resolved from the document it was parsed from. */
export function withResolvedMode(problem: Problem, document: unknown): Problem {
  if (problem.objective.mode !== 'auto') return problem;
  const given = isRecord(document) && isRecord(document.objective) ? document.objective : {};
  const weighed = WEIGHING_FIELDS.some((field) => given[field] !== undefined);
  const mode = !weighed && mostlyOwned(problem) ? 'rebalance' : 'weighted';
  return { ...problem, objective: { ...problem.objective, mode } };
}

function mostlyOwned(problem: Problem): boolean {
  const owned = problem.accounts.filter((a) => a.currentRepId !== undefined).length;
  return owned > AUTO_OWNED_SHARE * problem.accounts.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
