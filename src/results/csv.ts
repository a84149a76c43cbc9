/**
 * Assignments as CSV for a CRM import: account, rep, segment, moved-from, why (the reason code) and
 * the explanation in words (empty when not moved). New columns go at the end so that imports
 * mapped by position keep working.
 */
import type { ProblemInput, TerritoryResult } from '../../solver/index.ts';
import { csvText } from './csv-text.ts';

export function toCsv(problem: ProblemInput, result: TerritoryResult): string {
  const names = new Map(problem.accounts.map((a) => [a.id, a.name ?? '']));
  const moved = new Map(result.moves.map((m) => [m.accountId, m]));
  return csvText(
    ['account_id', 'account_name', 'rep_id', 'segment', 'moved_from', 'move_reason', 'move_explanation'],
    result.assignments.map((a) => {
      const move = moved.get(a.accountId);
      return [a.accountId, names.get(a.accountId) ?? '', a.repId, a.segment, move ? (move.fromRepId ?? '') : '', move?.reason ?? '', move?.explanation ?? ''];
    }),
  );
}
