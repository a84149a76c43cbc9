/**
 * The CSV a CRM import takes: one row per account, with the move's reason code and its explanation
 * in words (names where the problem gives them), on a solved hand-made case.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/results/csv.ts';
import { makeProblem, solveChecked } from '../solver/support/fixtures.ts';
import { overCapacity, overCapacityExplanation } from '../solver/support/over-capacity.ts';

describe('toCsv', () => {
  it('carries each move as reason code and explanation with names; unmoved accounts leave both empty', async () => {
    const result = await solveChecked(makeProblem(overCapacity));
    const lines = toCsv(overCapacity, result).trimEnd().split('\n');
    expect(lines[0]).toBe('account_id,account_name,rep_id,segment,moved_from,move_reason,move_explanation');
    // The explanation has commas and semicolons, so it is quoted.
    expect(lines[1]).toBe(`acc-1,Freiburg,muc,A,stg,capacity,"${overCapacityExplanation}"`);
    expect(lines.slice(2)).toEqual(['acc-2,Esslingen,stg,A,,,', 'acc-3,Landsberg,aug,A,,,']);
  });

  it('writes a CRM name that looks like a formula as text, so a spreadsheet never runs it', async () => {
    const hostile = { ...overCapacity, accounts: overCapacity.accounts.map((a, i) => (i === 1 ? { ...a, name: '=HYPERLINK("http://evil.example","x")' } : a)) };
    const result = await solveChecked(makeProblem(hostile));
    const row = toCsv(hostile, result).split('\n').find((l) => l.startsWith('acc-2,'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});
