/**
 * A job's problem document built from its source (`store.problemSource(id)`): the stored JSON text,
 * the file a large problem is kept in, or a scenario's base (text or file) with the variant applied.
 * Run in a thread (the solve worker, the render task), so a 50 MB document is never read or parsed
 * on the event loop.
 */
import { readFileSync } from 'node:fs';
import { applyVariant, type ProblemInput, type Variant } from '../../solver/index.ts';
import type { ProblemSource } from '../jobs/store.ts';

/** The fields of a problem source as a solve task carries them (flat, each optional). */
export interface ProblemSourceFields {
  readonly problemJson?: string | undefined;
  readonly problemFile?: string | undefined;
  readonly variantOf?: Extract<ProblemSource, { variantOf: unknown }>['variantOf'] | undefined;
}

/** Whether the fields name a source at all (a solve task may carry its problem as an object instead). */
export function namesSource(fields: ProblemSourceFields): boolean {
  return fields.variantOf !== undefined || fields.problemFile !== undefined || fields.problemJson !== undefined;
}

/** The problem document (a ProblemSource is one set of these fields). */
export function problemFromSource(fields: ProblemSourceFields): unknown {
  if (fields.variantOf) {
    const base = 'baseFile' in fields.variantOf ? readFileSync(fields.variantOf.baseFile, 'utf8') : fields.variantOf.baseJson;
    return applyVariant(JSON.parse(base) as ProblemInput, fields.variantOf.variant as Variant).problem;
  }
  if (fields.problemFile !== undefined) return JSON.parse(readFileSync(fields.problemFile, 'utf8'));
  return JSON.parse(fields.problemJson ?? 'null');
}
