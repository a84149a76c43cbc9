/**
 * A job's problem document. A plain job stores its own; a scenario's variant stores only its variant,
 * and its problem is the scenario's base (stored once for all its variants) with the variant applied,
 * exactly as it was checked at submission.
 */
import { applyVariant, estimateModelPairs, type Problem, type ProblemInput, type Variant } from '../../solver/index.ts';
import type { JobStore } from './store.ts';

export async function jobProblem(store: JobStore, id: string): Promise<unknown> {
  const parts = await store.problemParts(id);
  if (parts === undefined) return undefined;
  if ('problem' in parts) return parts.problem;
  return applyVariant(parts.base as ProblemInput, parts.variant as Variant).problem;
}

/** The eligible pairs of a stored problem (0 if it cannot be read: the worker will report why). */
export function sizeOf(problem: unknown): { accounts: number; pairs: number } {
  const accounts = typeof problem === 'object' && problem !== null ? (problem as { accounts?: unknown }).accounts : undefined;
  try {
    return { accounts: Array.isArray(accounts) ? accounts.length : 0, pairs: estimateModelPairs(problem as Problem) };
  } catch {
    return { accounts: Array.isArray(accounts) ? accounts.length : 0, pairs: 0 };
  }
}
