/**
 * `territory frontier <problem.json>`: the disruption frontier (solver/frontier.ts) as a table, one
 * row per plan along the trade-off between accounts moved and travel, or as JSON.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { disruptionFrontier, parseProblem, type FrontierPoint } from '../../solver/index.ts';
import { highsFactory } from '../highs-runtime.ts';
import { readProblemFile } from './read-problem.ts';
import { UsageError } from './usage-error.ts';

export const FRONTIER_USAGE = '  territory frontier <problem.json> [--budgets 0,10,25 | --points <n>] [--time-limit <seconds per point>] [--json] [--out <file>]';

export const FRONTIER_HELP = `frontier solves the problem at several move budgets (objective.maxMoves) and prints the plans along
the trade-off between accounts moved and travel: from the fewest moves a valid plan needs up to the
plan without a budget, each with its proven gap; dominated points and budgets without a plan are
listed apart. --out writes the JSON (every point's full result). Exit code 0: a frontier; 1: no plan.`;

export async function frontierCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { budgets: { type: 'string' }, points: { type: 'string' }, 'time-limit': { type: 'string' }, json: { type: 'boolean', default: false }, out: { type: 'string' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${FRONTIER_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`frontier takes exactly one problem file\n\n${FRONTIER_USAGE}`);
  if (values.budgets !== undefined && values.points !== undefined) throw new UsageError('give --budgets or --points, not both');
  const budgets = values.budgets?.split(',').map((b) => {
    const n = Number(b.trim());
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--budgets: "${b}" is not a whole number of moves >= 0`);
    return n;
  });
  const points = values.points === undefined ? undefined : Number(values.points);
  if (points !== undefined && (!Number.isInteger(points) || points < 2)) throw new UsageError(`--points: expected a whole number >= 2, got "${values.points}"`);
  const timeLimit = values['time-limit'] === undefined ? undefined : Number(values['time-limit']);
  if (timeLimit !== undefined && !(timeLimit > 0)) throw new UsageError(`--time-limit: expected a positive number of seconds, got "${values['time-limit']}"`);

  const file = positionals[0]!;
  const problem = parseProblem(await readProblemFile(file));
  if (!problem.ok) throw new UsageError(`${file} is not a valid problem:\n${problem.issues.slice(0, 50).map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  const frontier = await disruptionFrontier(problem.problem, {
    highs: highsFactory,
    ...(budgets ? { budgets } : {}),
    ...(points !== undefined ? { points } : {}),
    ...(timeLimit !== undefined ? { timeLimitSecondsPerPoint: timeLimit } : {}),
    onPoint: (p) => process.stderr.write(`budget ${p.maxMoves ?? 'none'}: ${p.plan ? `${p.moves} moves, travel ${fmt(p.travel)}` : 'no plan'} (${p.status})\n`),
  });
  const json = `${JSON.stringify(frontier, null, 2)}\n`;
  if (values.out !== undefined) await writeFile(values.out, json);
  process.stdout.write(values.json ? json : `${formatFrontier(frontier.points, frontier.setApart, frontier.leastMoves)}\n`);
  return frontier.points.length > 0 ? 0 : 1;
}

function fmt(x: number | null, digits = 0): string {
  return x === null ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatFrontier(points: readonly FrontierPoint[], setApart: readonly FrontierPoint[], least: { count: number; exact: boolean } | null): string {
  const lines = ['Disruption frontier (accounts moved against travel)'];
  if (least) lines.push(`Fewest moves a valid plan needs: ${least.count}${least.exact ? '' : ' at least (a proven lower bound)'}`);
  const header = ['budget', 'moves', 'value moved', 'travel', 'saved vs fewest', 'per move', 'gap', 'status'];
  const first = points[0];
  const rows = points.map((p) => {
    const saved = first && p !== first ? first.travel! - p.travel! : null;
    const extra = first && p !== first ? p.moves! - first.moves! : 0;
    return [p.maxMoves === null ? 'none' : String(p.maxMoves), fmt(p.moves), fmt(p.valueMoved), fmt(p.travel), saved === null ? '-' : fmt(saved), saved === null || extra === 0 ? '-' : fmt(saved / extra), p.gap === null ? '-' : `${(p.gap * 100).toFixed(2)}%`, p.status];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  lines.push('', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line));
  if (setApart.length > 0) {
    lines.push('', 'Set apart:');
    for (const p of setApart) lines.push(`  budget ${p.maxMoves ?? 'none'}: ${p.note ?? p.status}`);
  }
  return lines.join('\n');
}
