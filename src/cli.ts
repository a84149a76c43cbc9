/**
 * `territory`: the command line.
 *   territory solve <problem.json> [--time-limit <s>] [--out <file>]... [--crm-columns <list>] [--json]
 *   territory compliance [--problem <problem.json>] [--plan <plan.json>] --activities <calls.csv|xlsx> [...]
 *   territory example
 *   territory keys create --tenant <name> | revoke <id> | list
 * Exit codes: 0 a plan was produced; 1 no plan (infeasible, or nothing found in time); 2 bad input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { computeCompliance, DEFAULT_TOP, parseProblem, solve, type ProblemInput, type SolveProgress } from '../solver/index.ts';
import { formatCompliance } from './cli/compliance.ts';
import { KEYS_USAGE, KeysUsageError, keysCommand } from './cli/keys.ts';
import { formatImportIssue, readActivities } from './imports/activities.ts';
import { formatSummary } from './cli/summary.ts';
import { ConfigError, loadConfig } from './config.ts';
import { highsFactory } from './highs-runtime.ts';
import { crmColumnsSchema, type CrmColumn } from './results/crm-columns.ts';
import { toCrmCsv, toCrmXlsx } from './results/crm-export.ts';
import { toWorkbook } from './results/workbook.ts';

const USAGE = `Usage:
  territory solve <problem.json> [--time-limit <seconds>] [--out <file>]... [--crm-columns <list>] [--json]
  territory compliance [--problem <problem.json>] [--plan <plan.json>] --activities <calls.csv|.xlsx>
      [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--top <n>] [--date-order mdy|dmy] [--sheet <name>]
      [--out <file>] [--json]
  territory example            print a small valid problem to start from
${KEYS_USAGE}

solve prints a readable summary; --json prints only the result JSON to stdout. --out writes a file,
its kind told by its name (repeat --out for several):
  plan.xlsx       the territory workbook (Summary today and plan, Moves, New accounts, Capacity, Proof)
  plan.csv        the plan export for a CRM import (one row per account: new and previous owner, moved, ...)
  plan.crm.xlsx   the same plan export as a one-sheet .xlsx
  anything else   the result JSON
--crm-columns chooses and names the plan export's columns, e.g.
  --crm-columns "accountId:Account ID,newOwnerId:OwnerId,moved"
Progress goes to stderr. Exit code 0: a plan; 1: no plan; 2: bad input.

compliance compares a plan with a CRM call log (docs/compliance.md). --plan is a result document
(territory solve --json; then --problem is required) or a problem whose currentRepId is the plan;
without --plan the problem's currentRepId is. The period defaults to the span of the log.
Exit code 0: a report; 2: bad input (every rejected row of the log is listed).`;

/** A user error: message to stderr, exit code 2, no stack trace. */
class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'solve':
      return solveCommand(rest);
    case 'compliance':
      return complianceCommand(rest);
    case 'keys':
      try {
        return keysCommand(rest, loadConfig(process.env), (line) => process.stdout.write(`${line}\n`));
      } catch (err) {
        if (err instanceof KeysUsageError || err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
    case 'example':
      process.stdout.write(await readFile(new URL('../data/tiny.json', import.meta.url), 'utf8'));
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

async function solveCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'time-limit': { type: 'string' }, out: { type: 'string', multiple: true }, 'crm-columns': { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`solve takes exactly one problem file\n\n${USAGE}`);
  const file = positionals[0]!;
  let timeLimitSeconds: number | undefined;
  if (values['time-limit'] !== undefined) {
    timeLimitSeconds = Number(values['time-limit']);
    if (!Number.isFinite(timeLimitSeconds) || timeLimitSeconds <= 0) throw new UsageError(`--time-limit: expected a positive number of seconds, got "${values['time-limit']}"`);
  }
  const outputs = (values.out ?? []).map((path) => ({ path, kind: outputKind(path) }));
  let crmColumns: CrmColumn[] | undefined;
  if (values['crm-columns'] !== undefined) {
    const parsed = crmColumnsSchema.safeParse(values['crm-columns']);
    if (!parsed.success) throw new UsageError(`--crm-columns: ${parsed.error.issues[0]?.message ?? 'not a column list'}`);
    if (!outputs.some((o) => o.kind === 'crm-csv' || o.kind === 'crm-xlsx')) throw new UsageError('--crm-columns applies to the plan export: add --out plan.csv or --out plan.crm.xlsx');
    crmColumns = parsed.data;
  }

  const input = await readProblemFile(file);
  const parsedProblem = parseProblem(input);
  if (!parsedProblem.ok) {
    const lines = parsedProblem.issues.slice(0, 50).map((i) => `${i.path}: ${i.message}`);
    if (parsedProblem.issues.length > 50) lines.push(`... and ${parsedProblem.issues.length - 50} more`);
    throw new UsageError(`${file} is not a valid problem:\n${lines.join('\n')}`);
  }

  const result = await solve(parsedProblem.problem, {
    highs: highsFactory,
    onProgress: progressReporter(),
    warnings: parsedProblem.warnings,
    ...(timeLimitSeconds !== undefined ? { timeLimitSeconds } : {}),
  });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  for (const { path, kind } of outputs) {
    const problem = parsedProblem.problem;
    const body = kind === 'xlsx' ? await toWorkbook(problem, result)
      : kind === 'crm-csv' ? toCrmCsv(problem, result, crmColumns)
      : kind === 'crm-xlsx' ? await toCrmXlsx(problem, result, crmColumns)
      : json;
    await writeFile(path, body);
  }
  process.stdout.write(values.json ? json : `${formatSummary(result)}\n`);
  return result.assignments.length > 0 ? 0 : 1;
}

/** What --out writes, told by the file name. */
function outputKind(path: string): 'xlsx' | 'crm-csv' | 'crm-xlsx' | 'json' {
  const name = path.toLowerCase();
  if (name.endsWith('.crm.xlsx')) return 'crm-xlsx';
  if (name.endsWith('.xlsx')) return 'xlsx';
  if (name.endsWith('.csv')) return 'crm-csv';
  return 'json';
}

/** A result document (or just its assignments): the plan when --plan is not a problem. */
const planDocumentSchema = z.looseObject({
  assignments: z.array(z.looseObject({ accountId: z.string(), repId: z.string() })),
});

async function complianceCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        problem: { type: 'string' }, plan: { type: 'string' }, activities: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string' }, 'date-order': { type: 'string' }, sheet: { type: 'string' },
        out: { type: 'string' }, json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.activities === undefined) throw new UsageError(`compliance needs the call log: --activities <calls.csv|.xlsx>\n\n${USAGE}`);
  if (values.problem === undefined && values.plan === undefined) throw new UsageError(`compliance needs the problem (--problem) or a plan that is a problem (--plan)\n\n${USAGE}`);
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy') throw new UsageError(`--date-order: expected mdy or dmy, got "${dateOrder}"`);
  let top: number | undefined;
  if (values.top !== undefined) {
    top = Number(values.top);
    if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top: expected a whole number >= 0, got "${values.top}"`);
  }
  for (const field of ['from', 'to'] as const) {
    const v = values[field];
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--${field}: expected a date as YYYY-MM-DD, got "${v}"`);
  }

  // What the plan file is: a problem (its currentRepId is the plan) or a result document.
  const planDoc = values.plan === undefined ? undefined : await readProblemFile(values.plan);
  const planIsProblem = typeof planDoc === 'object' && planDoc !== null && Array.isArray((planDoc as { accounts?: unknown }).accounts);
  let problemFile: string;
  let problemDoc: unknown;
  let plan: { accountId: string; repId: string }[] | null = null;
  if (values.problem !== undefined) {
    problemFile = values.problem;
    problemDoc = await readProblemFile(values.problem);
  } else if (planIsProblem) {
    problemFile = values.plan!;
    problemDoc = planDoc;
  } else {
    throw new UsageError(`${values.plan} is not a problem, so the accounts and reps come from the problem: give it with --problem (a result document does not carry their locations and call patterns)`);
  }
  if (planDoc !== undefined && values.problem !== undefined) {
    if (planIsProblem) {
      plan = ((planDoc as ProblemInput).accounts ?? []).flatMap((a) => (typeof a?.currentRepId === 'string' ? [{ accountId: String(a.id), repId: a.currentRepId }] : []));
    } else {
      const doc = planDocumentSchema.safeParse(planDoc);
      if (!doc.success) throw new UsageError(`${values.plan} is neither a result document (with assignments of accountId and repId) nor a problem (with accounts): ${doc.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      plan = doc.data.assignments;
    }
  }
  const parsedProblem = parseProblem(problemDoc);
  if (!parsedProblem.ok) {
    const lines = parsedProblem.issues.slice(0, 50).map((i) => `${i.path}: ${i.message}`);
    if (parsedProblem.issues.length > 50) lines.push(`... and ${parsedProblem.issues.length - 50} more`);
    throw new UsageError(`${problemFile} is not a valid problem:\n${lines.join('\n')}`);
  }

  let bytes: Uint8Array;
  try {
    bytes = await readFile(values.activities);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${values.activities}: no such file` : `${values.activities}: cannot read (${code ?? (err as Error).message})`);
  }
  const log = await readActivities(values.activities, bytes, { ...(dateOrder ? { dateOrder } : {}), ...(values.sheet !== undefined ? { sheet: values.sheet } : {}) });
  if (!log.ok) {
    const n = log.issues.length;
    throw new UsageError(`${values.activities}: ${n} ${n === 1 ? 'thing' : 'things'} to fix, no report until they are fixed:\n${log.issues.map(formatImportIssue).join('\n')}`);
  }
  const outcome = computeCompliance({ problem: parsedProblem.problem, plan, activities: log.activities, from: values.from, to: values.to, top: top ?? DEFAULT_TOP, skipped: log.skipped });
  if (!outcome.ok) {
    const where = (path: string) => (path.startsWith('assignments') ? `${values.plan}: ${path}` : path === 'from' || path === 'to' ? `--${path}` : `${values.activities}`);
    throw new UsageError(outcome.issues.map((i) => `${where(i.path)}: ${i.message}`).join('\n'));
  }
  const json = `${JSON.stringify(outcome.report, null, 2)}\n`;
  if (values.out !== undefined) await writeFile(values.out, json);
  process.stdout.write(values.json ? json : `${formatCompliance(outcome.report)}\n`);
  return 0;
}

async function readProblemFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** Progress lines on stderr, at most every 2 s, once the solve has run for 2 s. */
function progressReporter(): (p: SolveProgress) => void {
  let last = 0;
  return (p) => {
    if (p.seconds < 2 || p.seconds - last < 2) return;
    last = p.seconds;
    const fmt = (x: number | null) => (x === null ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    const gap = p.gap === null ? '-' : `${(p.gap * 100).toFixed(2)}%`;
    process.stderr.write(`[${p.seconds.toFixed(1).padStart(6)} s] ${p.phase}: best ${fmt(p.incumbent)}, bound ${fmt(p.bound)}, gap ${gap}\n`);
  };
}

export async function run(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`territory: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`territory: internal error: ${(err as Error).message}\n`);
      process.exitCode = 70;
    }
  }
}
