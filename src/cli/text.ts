/**
 * Plain text for a terminal: numbers with thousands separators, tables that fit a width, wrapped
 * prose and capped lists. A summary of 100 reps and thousands of moves must still read in a
 * 120-column terminal; the full data is in the result JSON (--json, --out).
 */

/** Columns of the terminal the summary is laid out for. */
export const WIDTH = 120;

export const num = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (x: number | null, digits = 1) => (x === null ? '-' : `${num(x * 100, digits)}%`);

/** `text` cut to `width` characters, with an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

export interface TableLayout {
  /** At most this many characters a line (default WIDTH). */
  readonly width?: number;
  /** The column cut to make the table fit (a text column such as names); none by default. */
  readonly shrink?: number;
  /** The shrinking column keeps at least this many characters (default 12). */
  readonly minShrunk?: number;
}

/** A plain text table: first row is the header; numbers right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>, layout: TableLayout = {}): string {
  const gap = 2;
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const { width = WIDTH, shrink, minShrunk = 12 } = layout;
  let cells = rows;
  if (shrink !== undefined) {
    const total = widths.reduce((s, w) => s + w, 0) + gap * (widths.length - 1);
    if (total > width) {
      widths[shrink] = Math.max(minShrunk, rows[0]![shrink]!.length, widths[shrink]! - (total - width));
      cells = rows.map((r) => r.map((cell, c) => (c === shrink ? truncate(cell, widths[c]!) : cell)));
    }
  }
  const numeric = rows[0]!.map((_, c) => rows.slice(1).every((r) => /^[-+]?[\d,.]+%?$|^-$/.test(r[c]!)));
  const line = (r: ReadonlyArray<string>) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' '.repeat(gap)).trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap)), ...cells.slice(1).map(line)].join('\n');
}

/**
 * Prose wrapped at word boundaries: the first line starts with `first`, the others with `rest`
 * (a hanging indent). A word longer than a line is split.
 */
export function wrap(text: string, first = '', rest = '  ', width = WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const joined = fresh ? `${line}${word}` : `${line} ${word}`;
    if (joined.length <= width || fresh) {
      line = joined;
      fresh = false;
    } else {
      lines.push(line);
      line = `${rest}${word}`;
    }
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = `${rest}${line.slice(width)}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The first `max` items rendered, then "… and N more" (with where to find them) when there are more. */
export function capped<T>(items: readonly T[], max: number, render: (item: T) => string[], indent: string, where = ' (see --json or --out)'): string[] {
  const out = items.slice(0, max).flatMap(render);
  if (items.length > max) out.push(`${indent}… and ${num(items.length - max)} more${where}`);
  return out;
}
