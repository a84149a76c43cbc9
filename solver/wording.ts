/**
 * Numbers and names as sentences for people (move explanations): en-US thousands separators and
 * units, names where the problem gives them and ids where it does not. Pure: Intl, no I/O.
 */
import type { Account, Rep } from './problem.ts';

/** 1,234 (one decimal below 10, where rounding to a whole number would hide the figure). */
export function amount(x: number): string {
  const digits = Math.abs(x) < 10 ? 1 : 0;
  // `|| 0` turns -0 into 0 so that a rounding remainder never prints as "-0".
  return (x || 0).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export const hours = (x: number): string => `${amount(x)} h`;
export const km = (x: number): string => `${amount(x)} km`;
export const percent = (x: number): string => `${Math.round(x * 100).toLocaleString('en-US')}%`;
/** A band around 1 as "80-120%". */
export const band = (tolerance: number): string => `${Math.round((1 - tolerance) * 100).toLocaleString('en-US')}-${percent(1 + tolerance)}`;

/** A rep by name, or by id when it has none. */
export const repLabel = (rep: Rep): string => rep.name ?? rep.id;

/** An account by name with its id (names of customers repeat across towns), or by id alone. */
export const accountLabel = (account: Account): string => (account.name !== undefined ? `${account.name} (${account.id})` : account.id);

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** "the key-account skill", "the oncology and key-account skills". */
export const skills = (names: readonly string[]): string => `the ${list(names)} skill${names.length === 1 ? '' : 's'}`;
