/**
 * `territory compliance`: a plan against the CRM's call log (docs/compliance.md). The plan is a
 * result document (then --problem gives the accounts and reps) or a problem whose currentRepId is it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { computeCompliance, DEFAULT_TOP, parseProblem, type ProblemInput } from '../../solver/index.ts';
import { formatImportIssue, readActivities } from '../imports/activities.ts';
import { formatCompliance } from './compliance.ts';
import { readProblemFile } from './read-problem.ts';
import { UsageError } from './usage-error.ts';

export const COMPLIANCE_USAGE = `  territory compliance [--problem <problem.json>] [--plan <plan.json>] --activities <calls.csv|.xlsx>
      [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] [--top <n>] [--date-order mdy|dmy] [--sheet <name>]
      [--out <file>] [--json]`;

export const COMPLIANCE_HELP = `compliance compares a plan with a CRM call log (docs/compliance.md). --plan is a result document
(territory solve --json; then --problem is required) or a problem whose currentRepId is the plan;
without --plan the problem's currentRepId is. The period defaults to the span of the log.
Exit code 0: a report; 2: bad input (every rejected row of the log is listed).`;

const USAGE = `Usage:\n${COMPLIANCE_USAGE}\n\n${COMPLIANCE_HELP}`;

/** A result document (or just its assignments): the plan when --plan is not a problem. */
const planDocumentSchema = z.looseObject({
  assignments: z.array(z.looseObject({ accountId: z.string(), repId: z.string() })),
});

export async function complianceCommand(args: string[]): Promise<number> {
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
