/**
 * What-if scenarios: a base problem and named variants. A variant is a JSON Merge Patch (RFC 7396)
 * on the base, then the operations planners reach for that a merge patch cannot express on arrays:
 * add reps, remove reps, set call patterns, lock and unlock accounts; and, as fields of their own
 * for the question "where to hire", the problem's hire, retire and candidateSites. And one
 * comparison row per variant, read off its result.
 */
import { z } from 'zod';
import { documented } from './documented.ts';
import { applyMergePatch } from './merge-patch.ts';
import { candidateSitesSchema, hireSchema, retireSchema } from './hiring-schema.ts';
import { callPatternSchema, repSchema, type ProblemInput } from './problem.ts';
import type { TerritoryResult } from './result.ts';

export const variantSchema = z.strictObject({
  name: documented(z.string().min(1).max(100), 'The variant\'s name in the comparison (unique; "base" is taken by the base problem unless includeBase is false).', 'extra-field-rep'),
  patch: documented(z.record(z.string(), z.unknown()), 'A JSON Merge Patch (RFC 7396) applied to the base problem first: objects merge, arrays and values replace, null removes.', { balance: { workloadTolerance: 0.15 } }).optional(),
  addReps: documented(z.array(repSchema), 'Reps added to the team.', [{ id: 'dora', name: 'Dora (field, Pforzheim)', lat: 48.88436, lon: 8.69892, role: 'field', capacity: 100 }]).optional(),
  removeReps: documented(z.array(z.string().min(1)), 'Ids of reps removed from the team: their accounts must move, locks to them are lifted, exclusions of them dropped.', ['ben']).optional(),
  callPatterns: documented(z.array(callPatternSchema), 'Call patterns set per (segment, role), replacing the base\'s pattern for that pair or adding one (e.g. B monthly instead of bi-weekly).', [{ segment: 'B', role: 'field', callsPerYear: 6, minutesPerCall: 45, channel: 'in_person' }]).optional(),
  lockAccounts: documented(z.array(z.strictObject({
    accountId: documented(z.string().min(1), 'The account to lock.', 'karlsruhe'),
    repId: documented(z.string().min(1), 'The rep it must go to.', 'ben'),
  })), 'Accounts locked to a rep.', [{ accountId: 'karlsruhe', repId: 'ben' }]).optional(),
  unlockAccounts: documented(z.array(z.string().min(1)), 'Ids of accounts whose lock is lifted.', ['heilbronn']).optional(),
  candidateSites: documented(candidateSitesSchema, 'The problem\'s candidateSites for this variant (replacing the base\'s).', [{ id: 'wuerzburg', name: 'Würzburg', lat: 49.79391, lon: 9.95121 }]).optional(),
  hire: documented(hireSchema, 'The problem\'s hire for this variant (replacing the base\'s): hire reps where the engine says, among the candidateSites of the variant or the base.', { role: 'field', count: 2, capacity: 1100 }).optional(),
  retire: documented(retireSchema, 'The problem\'s retire for this variant (replacing the base\'s): let reps go, the engine choosing whom.', { count: 1, role: 'field' }).optional(),
}).describe('A what-if variant of the base problem: a merge patch, then reps added or removed, call patterns set, accounts locked or unlocked, hires and reps let go.');
export type Variant = z.infer<typeof variantSchema>;

/** An operation that named something that does not exist, with the path of the offending entry. */
export interface VariantIssue {
  readonly path: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The variant's problem document (not yet validated as a problem). The patch may leave anything
 * where the base had valid entries (`accounts: [null]`, `reps: null`): operations skip entries that
 * are not objects, so parsing the document names them, and an operation with nothing to work on
 * (`addReps` after `reps: null`) is an issue at its own path.
 */
export function applyVariant(base: ProblemInput, variant: Variant): { problem: unknown; issues: VariantIssue[] } {
  const issues: VariantIssue[] = [];
  let doc: Json = structuredClone(base) as unknown as Json;
  if (variant.patch) {
    const patched = applyMergePatch(doc, structuredClone(variant.patch));
    issues.push(...patched.issues.map((i) => ({ path: `patch.${i.path}`, message: i.message })));
    // The patch is an object (its schema says so), so the patched document is one too.
    doc = patched.doc as Json;
  }
  const hasReps = Array.isArray(doc.reps);
  const reps = hasReps ? (doc.reps as unknown[]) : [];
  const accounts = (Array.isArray(doc.accounts) ? (doc.accounts as unknown[]) : []).filter(isRecord);
  const noReps = 'the patched problem has no reps list (patch.reps removes or replaces it)';

  if (variant.removeReps?.length) {
    if (!hasReps) issues.push({ path: 'removeReps', message: noReps });
    const removed = new Set(variant.removeReps);
    variant.removeReps.forEach((id, k) => {
      if (hasReps && !reps.some((r) => isRecord(r) && r.id === id)) issues.push({ path: `removeReps[${k}]`, message: `no rep "${id}" in the problem` });
    });
    // Entries that are not reps are kept, for the problem's validation to name.
    const keep = reps.map((r) => !(isRecord(r) && typeof r.id === 'string' && removed.has(r.id)));
    if (hasReps) doc.reps = reps.filter((_, j) => keep[j]);
    const travel = doc.travel;
    if (hasReps && isRecord(travel) && Array.isArray(travel.distanceKm)) travel.distanceKm = (travel.distanceKm as unknown[]).filter((_, j) => keep[j]);
    for (const a of accounts) {
      if (typeof a.lockedRepId === 'string' && removed.has(a.lockedRepId)) delete a.lockedRepId;
      if (Array.isArray(a.excludedRepIds)) a.excludedRepIds = (a.excludedRepIds as unknown[]).filter((id) => !(typeof id === 'string' && removed.has(id)));
    }
  }
  if (variant.addReps?.length) {
    if (Array.isArray(doc.reps)) doc.reps = [...(doc.reps as unknown[]), ...structuredClone(variant.addReps)];
    else issues.push({ path: 'addReps', message: noReps });
  }
  if (variant.callPatterns?.length) {
    const patterns = Array.isArray(doc.callPatterns) ? [...(doc.callPatterns as unknown[])] : [];
    for (const p of variant.callPatterns) {
      const k = patterns.findIndex((q) => isRecord(q) && q.segment === p.segment && q.role === p.role);
      if (k >= 0) patterns[k] = { ...p };
      else patterns.push({ ...p });
    }
    doc.callPatterns = patterns;
  }
  const byId = new Map(accounts.map((a) => [a.id, a]));
  variant.lockAccounts?.forEach((lock, k) => {
    const account = byId.get(lock.accountId);
    if (!account) issues.push({ path: `lockAccounts[${k}].accountId`, message: `no account "${lock.accountId}" in the problem` });
    else account.lockedRepId = lock.repId;
  });
  variant.unlockAccounts?.forEach((id, k) => {
    const account = byId.get(id);
    if (!account) issues.push({ path: `unlockAccounts[${k}]`, message: `no account "${id}" in the problem` });
    else delete account.lockedRepId;
  });
  // Set after the patch and the operations, as the patch would set them (patch: { hire: null } drops a base's).
  if (variant.candidateSites) doc.candidateSites = structuredClone(variant.candidateSites);
  if (variant.hire) doc.hire = structuredClone(variant.hire);
  if (variant.retire) doc.retire = structuredClone(variant.retire);
  return { problem: doc, issues };
}

/** One row of the side-by-side comparison. A variant without a plan has null plan metrics and a note. */
export interface ComparisonRow {
  readonly variant: string;
  /** The solver's status (`optimal`, `feasible`, `timedout`, `infeasible`, `error`), or the job's when it never finished a solve (`failed`, `cancelled`). */
  readonly status: string;
  /** Whether the variant has a plan; without one every plan metric below is null or empty. */
  readonly plan: boolean;
  readonly objective: number | null;
  readonly gap: number | null;
  readonly workloadBalance: Array<{ role: string; maxMinRatio: number | null; cv: number }>;
  readonly valueBalance: Array<{ role: string; maxMinRatio: number | null; cv: number }>;
  readonly travelKm: number | null;
  readonly accountsMoved: number | null;
  readonly valueMoved: number | null;
  /** Demand against capacity per role; estimated from the cheapest eligible reps when there is no plan. */
  readonly capacity: Array<{ role: string; reps: number; coverage: number; utilization: number; headcountNeeded: number; surplusFte: number }>;
  /** Reps per role of the variant's team (hires in, reps let go out), and who was hired where and let go. */
  readonly headcount: Array<{ role: string; reps: number }>;
  readonly hiredSites: string[];
  readonly retiredReps: string[];
  /** Why there is no plan (the diagnosis, or what ended the solve); null for a row with a plan. */
  readonly note: string | null;
}

export function comparisonRow(variant: string, problem: ProblemInput, result: TerritoryResult): ComparisonRow {
  const capacity = result.capacity.roles.map((r) => ({ role: r.role, reps: r.reps, coverage: r.coverage, utilization: r.utilization, headcountNeeded: r.headcountNeeded, surplusFte: r.surplusFte }));
  const team = teamOf(result);
  if (result.objective === null) {
    return { ...comparisonRowWithoutPlan(variant, result.solver.status, noPlanNote(result)), capacity, ...team };
  }
  const valueOf = new Map(problem.accounts.map((a) => [a.id, a.value]));
  return {
    variant,
    status: result.solver.status,
    plan: true,
    objective: result.solver.objective,
    gap: result.solver.gap,
    workloadBalance: result.balance.map((b) => ({ role: b.role, maxMinRatio: b.workload.maxMinRatio, cv: b.workload.cv })),
    valueBalance: result.balance.map((b) => ({ role: b.role, maxMinRatio: b.value.maxMinRatio, cv: b.value.cv })),
    travelKm: result.territories.reduce((s, t) => s + t.travelKm, 0),
    accountsMoved: result.moves.length,
    valueMoved: result.moves.reduce((s, m) => s + (valueOf.get(m.accountId) ?? 0), 0),
    capacity,
    ...team,
    note: null,
  };
}

/**
 * The team the result is for: the capacity report has a row per role of the reps solved with (with
 * a plan or without), so it holds the hires and not the reps let go (today's team when no choice of
 * hires fitted, and nothing was solved).
 */
function teamOf(result: TerritoryResult): Pick<ComparisonRow, 'headcount' | 'hiredSites' | 'retiredReps'> {
  return {
    headcount: result.capacity.roles.map((r) => ({ role: r.role, reps: r.reps })),
    hiredSites: result.hiring?.sites.map((s) => s.id) ?? [],
    retiredReps: result.hiring?.retired.map((r) => r.repId) ?? [],
  };
}

/** The row of a variant that has no result at all (its job failed, or was cancelled before a plan). */
export function comparisonRowWithoutPlan(variant: string, status: string, note: string): ComparisonRow {
  return {
    variant,
    status,
    plan: false,
    objective: null,
    gap: null,
    workloadBalance: [],
    valueBalance: [],
    travelKm: null,
    accountsMoved: null,
    valueMoved: null,
    capacity: [],
    headcount: [],
    hiredSites: [],
    retiredReps: [],
    note,
  };
}

/** The diagnosis when there is one (infeasible), else what ended the solve. */
function noPlanNote(result: TerritoryResult): string {
  if (result.diagnosis && result.diagnosis.length > 0) return `no plan: ${result.diagnosis.map((d) => d.message).join('; ')}`;
  if (result.solver.status === 'timedout') return result.solver.message ?? 'no plan within the time limit: give it more time';
  return result.solver.message ? `no plan: ${result.solver.message}` : 'no plan';
}
