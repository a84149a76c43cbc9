/** Number cells as spreadsheets write them, and the reasons for those that are not numbers. */
import { describe, expect, it } from 'vitest';
import { parseNumberCell } from '../../src/imports/numbers.ts';

const value = (cell: string | number, kind: 'amount' | 'decimal' = 'amount') => {
  const r = parseNumberCell(cell, kind);
  return r.ok ? r.value : r.reason;
};

describe('parseNumberCell', () => {
  it.each([
    ['1.234,50 €', 1234.5],
    ['$1,234.50', 1234.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234\u202f567', 1234567],
    ["1'234.50", 1234.5],
    ['EUR 2.600.000', 2600000],
    ['2,600,000', 2600000],
    ['12,5', 12.5],
    ['1,234', 1234],
    ['1.234', 1234],
    ['0,125', 0.125],
    ['12%', 0.12],
    ['(1,234)', -1234],
    ['-$12', -12],
    ['€ 12-', -12],
    ['.5', 0.5],
    ['CHF 1’000', 1000],
  ])('%s is %d', (text, want) => {
    expect(value(text)).toBeCloseTo(want, 9);
  });

  it('reads a single separator as the decimal point for coordinates and fractions', () => {
    expect(value('48,137', 'decimal')).toBeCloseTo(48.137, 9);
    expect(value('11.575', 'decimal')).toBeCloseTo(11.575, 9);
    expect(value('80%', 'decimal')).toBeCloseTo(0.8, 9);
  });

  it('passes xlsx numbers through', () => {
    expect(value(1234.5)).toBe(1234.5);
  });

  it('refuses magnitude words with a reason that says what to write', () => {
    expect(value('12,5 Mio')).toBe('"12,5 Mio" is not a number ("Mio" is a word for a magnitude: write the full amount, e.g. 12500000)');
    expect(value('3k')).toMatch(/"3k" is not a number \("k" is a word for a magnitude/);
    expect(value('2 bn')).toMatch(/magnitude/);
  });

  it('refuses text, badly grouped numbers, dates and booleans', () => {
    expect(value('n/a')).toBe('"n/a" is not a number');
    expect(value('1.23.4')).toMatch(/groups of "\." are not of three digits/);
    expect(value('1,2.3,4')).toMatch(/not a number/);
    expect(parseNumberCell(new Date('2024-01-02T00:00:00Z'))).toEqual({ ok: false, reason: '"2024-01-02" is not a number (the cell is a date)' });
    expect(parseNumberCell(true)).toEqual({ ok: false, reason: '"true" is not a number' });
  });
});
