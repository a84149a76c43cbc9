/**
 * What both stores read to give a solve thread its problem: the job's own text or staged file, or,
 * for a scenario's variant, its scenario's base (text or file) and the variant. The same row shape
 * in SQLite and PostgreSQL, so the mapping is written once.
 */
import { readStagedBody, stagedBodyPath } from './staged-bodies.ts';
import type { ProblemSource } from './store.ts';

export interface SourceRow {
  problem: string;
  problem_file: string | null;
  variant_spec: string | null;
  base: string | null;
  base_file: string | null;
}

/** The SELECT that reads a SourceRow for one job (its one parameter is the job id). */
export const SOURCE_SELECT = 'SELECT j.problem, j.problem_file, j.variant_spec, s.base, s.base_file FROM jobs j LEFT JOIN scenarios s ON s.id = j.scenario_id WHERE j.id =';

function isVariant(row: SourceRow): boolean {
  return row.variant_spec !== null && (row.base !== null || row.base_file !== null);
}

/** The problem's JSON text or the path of its file, never parsed here. */
export function sourceOf(row: SourceRow, bodiesDir: string): ProblemSource {
  if (isVariant(row)) {
    const variant = JSON.parse(row.variant_spec!);
    return { variantOf: row.base_file !== null ? { baseFile: stagedBodyPath(bodiesDir, row.base_file), variant } : { baseJson: row.base!, variant } };
  }
  return row.problem_file !== null ? { problemFile: stagedBodyPath(bodiesDir, row.problem_file) } : { problemJson: row.problem };
}

/** The problem document as submitted (parsed), or a variant's base and variant; a large one read from its file. */
export function partsOf(row: SourceRow, bodiesDir: string): { problem: unknown } | { base: unknown; variant: unknown } {
  if (isVariant(row)) {
    return { base: JSON.parse(row.base_file !== null ? readStagedBody(bodiesDir, row.base_file) : row.base!), variant: JSON.parse(row.variant_spec!) };
  }
  return { problem: JSON.parse(row.problem_file !== null ? readStagedBody(bodiesDir, row.problem_file) : row.problem) };
}

/** The stored text of a new job's problem: empty for a variant (its base is the scenario's) or a staged file. */
export function problemTextOf(job: { readonly variantSpec?: unknown; readonly problemFile?: string; readonly problemJson?: string; readonly problem?: unknown }): string {
  return job.variantSpec !== undefined || job.problemFile !== undefined ? '' : (job.problemJson ?? JSON.stringify(job.problem));
}

/** A scenario base's stored text (null when it is a staged file). */
export function baseTextOf(base: { readonly problem?: unknown; readonly problemJson?: string | undefined; readonly problemFile?: string | undefined }): string | null {
  return base.problemFile !== undefined ? null : (base.problemJson ?? JSON.stringify(base.problem));
}
