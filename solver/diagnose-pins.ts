/**
 * Accounts that can only go to one rep, against what that rep may carry. Three different causes
 * narrow an account to one rep, and a sales leader fixes each differently, so the diagnosis names
 * them apart: a lock (`lockedRepId`: unlock it), a frozen segment (`frozenSegments`: unfreeze the
 * segment or let some of its accounts move), or a single eligible rep (skills, exclusions, call
 * patterns: widen eligibility).
 */
import type { CompiledProblem } from './compile.ts';
import { pinOf } from './compile.ts';
import { amount, exceeds, fewestToLeave, fmt, limitPhrase, repLabel, repLimits, type RepLimit } from './diagnose-limits.ts';
import type { Diagnosis } from './result.ts';

/** The accounts tied to one rep, by cause. */
interface Tied {
  /** Pairs of the locked accounts, and of the accounts whose only eligible rep this is. */
  readonly locked: number[];
  readonly single: number[];
  /** Pairs of the frozen accounts, by segment. */
  readonly frozen: Map<string, number[]>;
}

/** One diagnosis per rep and limit that the accounts tied to it exceed (sound: no plan avoids it). */
export function pinnedDiagnosis(c: CompiledProblem): Diagnosis[] {
  const { problem, model } = c;
  const tied: Tied[] = Array.from({ length: model.agents }, () => ({ locked: [], single: [], frozen: new Map() }));
  for (let i = 0; i < model.items; i++) {
    const p = model.pairStart[i]!;
    if (model.pairStart[i + 1]! - p !== 1) continue;
    const t = tied[model.pairAgent[p]!]!;
    const pin = pinOf(problem, c.segments, c.current, i);
    if (pin === 'locked') t.locked.push(p);
    else if (pin === 'frozen') {
      const pairs = t.frozen.get(c.segments[i]!) ?? [];
      pairs.push(p);
      t.frozen.set(c.segments[i]!, pairs);
    }
    else t.single.push(p);
  }

  const limits = repLimits(model);
  const out: Diagnosis[] = [];
  for (let j = 0; j < model.agents; j++) {
    const t = tied[j]!;
    if (t.locked.length + t.single.length + t.frozen.size === 0) continue;
    const found: Diagnosis[] = [];
    for (const limit of limits) {
      // A band's ceiling is weaker than capacity and says the same thing twice: only when capacity holds.
      if (limit.kind.endsWith('-band') && found.length > 0) continue;
      const d = overload(c, j, t, limit);
      if (d) found.push(d);
    }
    out.push(...found);
  }
  return out;
}

function overload(c: CompiledProblem, j: number, t: Tied, limit: RepLimit): Diagnosis | null {
  const max = limit.limit[j]!;
  const sum = (pairs: readonly number[]) => pairs.reduce((s, p) => s + limit.load[p]!, 0);
  const frozenPairs = [...t.frozen.values()].flat();
  const other = sum(t.locked) + sum(t.single);
  const frozen = sum(frozenPairs);
  if (!exceeds(other + frozen, max)) return null;
  const rep = c.problem.reps[j]!;
  const label = repLabel(c.problem, j);
  const over = other + frozen - max;

  if (frozenPairs.length > 0 && !exceeds(other, max)) {
    // The freeze tips the rep over: say which segment, and how many of its accounts must be let go.
    const segments = [...t.frozen.keys()].sort();
    const names = segments.join(' and ');
    const mustLeave = fewestToLeave(frozenPairs.map((p) => limit.load[p]!), other, max)!;
    const held = other > 0 ? ` on top of ${amount(other, limit.unit)} of accounts locked to it or with no other eligible rep` : '';
    const them = mustLeave === 1 ? 'one of them' : `at least ${fmt(mustLeave)} of them`;
    return {
      family: 'frozen-segments',
      message:
        `${segments.length === 1 ? `segment ${names} is` : `segments ${names} are`} frozen (${names} accounts keep their current rep): ` +
        `the frozen ${names} accounts of ${label} need ${amount(frozen, limit.unit)}${held}, ${limitPhrase(limit, max)}; ` +
        `unfreeze ${segments.join(' or ')} or let ${them} move`,
      shortfall: over,
      unit: limit.unit,
      ids: [rep.id],
      segments,
      territories: [{ repId: rep.id, ...(rep.name !== undefined ? { repName: rep.name } : {}), limit: limit.kind, load: other + frozen, max, unit: limit.unit, mustLeave }],
    };
  }

  const parts: string[] = [];
  const part = (pairs: readonly number[], what: string) => {
    if (pairs.length > 0) parts.push(`${fmt(pairs.length)} ${what}: ${amount(sum(pairs), limit.unit)}`);
  };
  part(t.locked, `locked to ${rep.id}`);
  part(t.single, 'with no other eligible rep');
  for (const [segment, pairs] of t.frozen) part(pairs, `in frozen segment ${segment}`);
  return {
    family: 'locks',
    message: `accounts that can only go to ${label} need ${amount(other + frozen, limit.unit)}, ${limitPhrase(limit, max)}: ${amount(over, limit.unit)} too many (${parts.join('; ')})`,
    shortfall: over,
    unit: limit.unit,
    ids: [rep.id],
  };
}
