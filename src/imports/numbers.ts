/**
 * Number cells as spreadsheets and CRMs write them: `1.234,50 €` (German), `$1,234.50` (English),
 * `1 234,5` (French, with a space or a no-break space), `1'234.50` (Swiss), `12%`, `(1,234)`
 * (accounting negative). An xlsx number passes through as it is. What cannot be read as one number
 * is refused with a reason a user can act on (`12,5 Mio`: write the full amount).
 *
 * Which mark is the decimal separator:
 * - both `.` and `,` appear: the last one is the decimal separator, the other groups thousands;
 * - one of them appears more than once: it groups thousands (`1.234.567`);
 * - it appears once: for an amount (`value`, capacity), exactly three digits after it after a group
 *   of 1-3 digits make it a thousands separator (`1,234` and `1.234` are 1234); otherwise it is the
 *   decimal separator (`12,5`). For a `decimal` (coordinates, FTE, shares) it is always the decimal
 *   separator, since `48,137` is a latitude, not 48137.
 */
import type { Cell } from './table.ts';

export type NumberKind = 'amount' | 'decimal';

export type NumberCell = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

const CURRENCY = /^(?:€|\$|£|¥|₹|₽|₺|zł|kr\.?|chf|eur|usd|gbp|jpy|sek|nok|dkk|pln|czk|kč|fr\.?|us\$|a\$|c\$)/i;
const CURRENCY_END = /(?:€|\$|£|¥|₹|₽|₺|zł|kr\.?|chf|eur|usd|gbp|jpy|sek|nok|dkk|pln|czk|kč|fr\.?|us\$|a\$|c\$)$/i;
/** Magnitude words: refused, since "12,5 Mio" is easy to misread by a factor of 1000. */
const MAGNITUDE = /(?:\d|\s)(k|m|mm|mn|mio\.?|million(?:s|en)?|mrd\.?|milliarde(?:n)?|bn|billion(?:s)?|tsd\.?|tausend|thousand)$/i;
/** Spaces used to group thousands: space, no-break space, narrow no-break space, thin space. */
const GROUP_SPACES = /[\s\u00a0\u202f\u2009]/g;

const notNumber = (text: string, why = ''): NumberCell => ({ ok: false, reason: `"${text}" is not a number${why}` });

export function parseNumberCell(cell: Cell, kind: NumberKind = 'amount'): NumberCell {
  if (typeof cell === 'number') return Number.isFinite(cell) ? { ok: true, value: cell } : notNumber(String(cell));
  if (cell === null) return { ok: false, reason: 'is empty' };
  if (typeof cell === 'boolean') return notNumber(String(cell));
  if (cell instanceof Date) return notNumber(cell.toISOString().slice(0, 10), ' (the cell is a date)');
  const text = cell.trim();
  let s = text;
  const magnitude = MAGNITUDE.exec(s);
  if (magnitude && /\d/.test(s)) return notNumber(text, ` ("${magnitude[1]}" is a word for a magnitude: write the full amount, e.g. 12500000)`);

  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  // A currency before or after the amount, and a sign on either side of it ("-$12", "$-12", "€ 12-").
  for (let pass = 0; pass < 2; pass++) {
    if (/^[-+−]/.test(s)) {
      negative = negative !== /^[-−]/.test(s);
      s = s.slice(1).trim();
    }
    s = s.replace(CURRENCY, '').replace(CURRENCY_END, '').trim();
  }
  if (/[-−]$/.test(s)) {
    negative = !negative;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(GROUP_SPACES, '').replace(/'/g, '').replace(/’/g, '');
  if (!/^\d[\d.,]*$|^[.,]\d+$/.test(s)) return notNumber(text);

  const dots = count(s, '.');
  const commas = count(s, ',');
  let normal: string;
  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if (count(s, decimal) > 1) return notNumber(text, ` (both "." and "," appear, "${decimal}" more than once)`);
    const [whole, fraction] = s.split(decimal) as [string, string];
    if (!groupedOk(whole, group)) return notNumber(text, ` (the groups of "${group}" are not of three digits)`);
    normal = `${whole.split(group).join('')}.${fraction}`;
  } else if (dots + commas > 1) {
    const group = dots > 0 ? '.' : ',';
    if (!groupedOk(s, group)) return notNumber(text, ` (the groups of "${group}" are not of three digits)`);
    normal = s.split(group).join('');
  } else if (dots + commas === 1) {
    const mark = dots > 0 ? '.' : ',';
    const [whole, fraction] = s.split(mark) as [string, string];
    const thousands = kind === 'amount' && /^\d{1,3}$/.test(whole) && whole !== '0' && /^\d{3}$/.test(fraction);
    normal = thousands ? `${whole}${fraction}` : `${whole === '' ? '0' : whole}.${fraction}`;
  } else {
    normal = s;
  }
  let value = Number(normal);
  if (!Number.isFinite(value)) return notNumber(text);
  if (percent) value /= 100;
  return { ok: true, value: negative ? -value : value };
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** `1.234.567` grouped by `.`: a first group of 1-3 digits, then groups of exactly three. */
function groupedOk(whole: string, group: string): boolean {
  const parts = whole.split(group);
  return /^\d{1,3}$/.test(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}
