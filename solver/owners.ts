/**
 * Rep references that name a rep the way a CRM export does: by the rep's name ("Anna Weber") rather
 * than its id ("field-munich"). A reference that is not a rep id but equals exactly one rep's name
 * (ignoring case and spacing) is rewritten to that rep's id, and one warning per field says so. What
 * matches neither stays as it is, for validate.ts to report.
 */
import type { InputIssue } from './types.ts';
import type { Account, Problem } from './problem.ts';

/** "  Anna  WEBER " and "anna weber" are the same name. */
function normalName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The fields of an account that refer to a rep. */
const REFERENCES = ['currentRepId', 'lockedRepId'] as const;
type Reference = (typeof REFERENCES)[number] | 'excludedRepIds';
const WHAT: Record<Reference, string> = { currentRepId: 'owner', lockedRepId: 'locked rep', excludedRepIds: 'excluded rep' };

export function matchRepsByName(problem: Problem): { problem: Problem; warnings: InputIssue[] } {
  const ids = new Set(problem.reps.map((r) => r.id));
  // Names that belong to exactly one rep: an ambiguous name matches nobody.
  const byName = new Map<string, string | null>();
  for (const rep of problem.reps) {
    if (rep.name === undefined || normalName(rep.name) === '') continue;
    const key = normalName(rep.name);
    byName.set(key, byName.has(key) ? null : rep.id);
  }
  if (byName.size === 0) return { problem, warnings: [] };

  const resolve = (ref: string): string | undefined => (ids.has(ref) ? undefined : byName.get(normalName(ref)) ?? undefined);
  const matched = new Map<Reference, Array<{ row: number; from: string; to: string }>>();
  const accounts = problem.accounts.map((account, i): Account => {
    let out = account;
    for (const field of REFERENCES) {
      const ref = account[field];
      const to = ref === undefined ? undefined : resolve(ref);
      if (ref === undefined || to === undefined) continue;
      out = { ...out, [field]: to };
      matched.set(field, [...(matched.get(field) ?? []), { row: i, from: ref, to }]);
    }
    const excluded = account.excludedRepIds;
    const k = excluded?.findIndex((ref) => resolve(ref) !== undefined) ?? -1;
    if (excluded && k >= 0) {
      out = { ...out, excludedRepIds: excluded.map((ref) => resolve(ref) ?? ref) };
      matched.set('excludedRepIds', [...(matched.get('excludedRepIds') ?? []), { row: i, from: excluded[k]!, to: resolve(excluded[k]!)! }]);
    }
    return out;
  });
  if (matched.size === 0) return { problem, warnings: [] };

  const warnings = [...matched].map(([field, rows]): InputIssue => {
    const first = rows[0]!;
    const count = rows.length === 1 ? '1 account names its' : `${rows.length} accounts name their`;
    return {
      path: `accounts[${first.row}].${field}`,
      message: `${count} ${WHAT[field]} by rep name, not id (e.g. "${first.from}" is rep "${first.to}"); matched by name`,
    };
  });
  return { problem: { ...problem, accounts }, warnings };
}
