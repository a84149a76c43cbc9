/**
 * The sample as a CRM exports it: owners named by rep name. Parsing matches them to the same plan
 * input as owners given by id, with one warning; owners that match nothing get one warning in all.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProblem, type ProblemInput } from '../../solver/index.ts';
import { solve } from '../../solver/solve.ts';
import { highsFactory } from '../../src/highs-runtime.ts';

const sample = JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput;
const nameOf = new Map(sample.reps.map((r) => [r.id, r.name!]));
const owned = sample.accounts.filter((a) => a.currentRepId !== undefined).length;

describe('owners named by rep name (the sample, 357 accounts)', () => {
  it('matches every owner by name to the same problem as by id, with one warning', () => {
    const byName = { ...sample, accounts: sample.accounts.map((a) => (a.currentRepId ? { ...a, currentRepId: nameOf.get(a.currentRepId)! } : a)) };
    const fromNames = parseProblem(byName);
    const fromIds = parseProblem(sample);
    if (!fromNames.ok || !fromIds.ok) throw new Error('sample does not parse');
    expect(fromNames.problem.accounts.map((a) => a.currentRepId)).toEqual(fromIds.problem.accounts.map((a) => a.currentRepId));
    expect(fromNames.warnings).toHaveLength(1);
    expect(fromNames.warnings[0]!.message).toMatch(new RegExp(`^${owned} accounts name their owner by rep name, not id .*; matched by name$`));
  });

  it('owners that are neither ids nor names: one warning for all of them in the solved result', async () => {
    const unknown = { ...sample, options: { ...sample.options, timeLimitSeconds: 5 }, accounts: sample.accounts.map((a) => (a.currentRepId ? { ...a, currentRepId: `${a.currentRepId}-old` } : a)) };
    const parsed = parseProblem(unknown);
    if (!parsed.ok) throw new Error('does not parse');
    const result = await solve(parsed.problem, { highs: highsFactory, warnings: parsed.warnings, timeLimitSeconds: 5 });
    const ownerWarnings = result.warnings.filter((w) => /currentRepId/.test(w.path));
    expect(ownerWarnings).toHaveLength(1);
    expect(ownerWarnings[0]!.message).toContain(`${owned} accounts name an owner that is not a rep id or name`);
    expect(ownerWarnings[0]!.message).toContain('reps have ids like "field-munich"');
  });
});
