/**
 * A job's problem document. A plain job stores its own; a scenario's variant stores only its variant,
 * and its problem is the scenario's base (stored once for all its variants) with the variant applied,
 * exactly as it was checked at submission.
 */
import { applyVariant, type ProblemInput, type Variant } from '../../solver/index.ts';
import type { JobStore } from './store.ts';

export async function jobProblem(store: JobStore, id: string): Promise<unknown> {
  const parts = await store.problemParts(id);
  if (parts === undefined) return undefined;
  if ('problem' in parts) return parts.problem;
  return applyVariant(parts.base as ProblemInput, parts.variant as Variant).problem;
}
