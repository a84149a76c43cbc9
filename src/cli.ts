/**
 * `territory`: the command line.
 *   territory solve <problem.json> [--time-limit <s>] [--out <file>]... [--crm-columns <list>] [--json]
 *   territory solve --accounts <file> --reps <file> [import options] [--time-limit <s>] [--out <file>] [--json]
 *   territory import --accounts <file> --reps <file> [import options] > problem.json
 *   territory compliance [--problem <problem.json>] [--plan <plan.json>] --activities <calls.csv|xlsx> [...]
 *   territory frontier <problem.json> [--budgets 0,10,25 | --points <n>] [--time-limit <s>] [--json]
 *   territory example
 *   territory keys create --tenant <name> | revoke <id> | list
 *   territory serve              the HTTP API (as `npm start`; WORKERS=0: no solving in it)
 *   territory worker             a solve worker for the BullMQ queue (src/worker.ts)
 * Exit codes: 0 a plan was produced; 1 no plan (infeasible, or nothing found in time); 2 bad input.
 * `import`: 0 a problem was written; 1 the import was rejected (the rows to fix are listed); 2 bad flags.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseProblem, solve, withHires, type SolveProgress } from '../solver/index.ts';
import { complianceCommand, COMPLIANCE_USAGE, COMPLIANCE_HELP } from './cli/compliance-command.ts';
import { FRONTIER_HELP, FRONTIER_USAGE, frontierCommand } from './cli/frontier-command.ts';
import { HIRE_HELP, HIRE_USAGE, hireCommand } from './cli/hire-command.ts';
import { IMPORT_FLAGS, ImportUsageError } from './cli/import-args.ts';
import { formatImportErrors, formatImportReport } from './cli/import-report.ts';
import { IMPORT_COMMAND_USAGE, importCommand, runImport } from './cli/import.ts';
import { readProblemFile } from './cli/read-problem.ts';
import { UsageError } from './cli/usage-error.ts';
import { KEYS_USAGE, KeysUsageError, keysCommand } from './cli/keys.ts';
import { formatSummary } from './cli/summary.ts';
import { ConfigError, defaultModelPairBudget, loadConfig, machineMemory } from './config.ts';
import { highsFactory } from './highs-runtime.ts';
import { crmColumnsSchema, type CrmColumn } from './results/crm-columns.ts';
import { toCrmCsv, toCrmXlsx } from './results/crm-export.ts';
import { toWorkbook } from './results/workbook.ts';
import { runWorker, WORKER_USAGE } from './worker.ts';

const USAGE = `Usage:
  territory solve <problem.json> [--time-limit <seconds>] [--out <file>]... [--crm-columns <list>] [--json]
  territory solve --accounts <file> --reps <file> [import options] [--time-limit <seconds>] [--out <file>] [--json]
${IMPORT_COMMAND_USAGE}
${COMPLIANCE_USAGE}
${FRONTIER_USAGE}
${HIRE_USAGE}
  territory example            print a small valid problem to start from
${KEYS_USAGE}
  territory serve              run the HTTP API (as npm start; configured by the environment, docs/api.md)
${WORKER_USAGE}

solve prints a readable summary; --json prints only the result JSON to stdout. --out writes a file,
its kind told by its name (repeat --out for several):
  plan.xlsx       the territory workbook (Summary today and plan, Moves, New accounts, Capacity, Proof)
  plan.csv        the plan export for a CRM import (one row per account: new and previous owner, moved, ...)
  plan.crm.xlsx   the same plan export as a one-sheet .xlsx
  anything else   the result JSON
--crm-columns chooses and names the plan export's columns, e.g.
  --crm-columns "accountId:Account ID,newOwnerId:OwnerId,moved"
Progress goes to stderr. Exit code 0: a plan; 1: no plan; 2: bad input.
import writes the problem JSON to stdout and the import report to stderr; exit code 1 when the
import is rejected (every row to fix is listed). See docs/importing.md.

${COMPLIANCE_HELP}

${FRONTIER_HELP}

${HIRE_HELP}`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'solve':
      return solveCommand(rest);
    case 'compliance':
      return complianceCommand(rest);
    case 'frontier':
      return frontierCommand(rest);
    case 'hire':
      return hireCommand(rest);
    case 'import':
      try {
        return await importCommand(rest);
      } catch (err) {
        if (err instanceof ImportUsageError) throw new UsageError(err.message);
        throw err;
      }
    case 'keys':
      try {
        return await keysCommand(rest, loadConfig(process.env), (line) => process.stdout.write(`${line}\n`));
      } catch (err) {
        if (err instanceof KeysUsageError || err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
    case 'serve':
      // server.ts starts on import, and exits the process itself when it is stopped.
      await import('./server.ts');
      return new Promise<number>(() => {});
    case 'worker': {
      if (rest.length > 0) throw new UsageError(`worker takes no arguments (it is configured by the environment)\n\n${USAGE}`);
      try {
        return await runWorker(loadConfig(process.env));
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
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
      options: { 'time-limit': { type: 'string' }, out: { type: 'string', multiple: true }, 'crm-columns': { type: 'string' }, json: { type: 'boolean', default: false }, ...IMPORT_FLAGS },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const importing = values.accounts !== undefined || values.reps !== undefined;
  if (importing ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError(`solve takes exactly one problem file, or --accounts and --reps to import\n\n${USAGE}`);
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

  const file = importing ? 'the imported problem' : positionals[0]!;
  const input = importing ? await importForSolve(values) : await readProblemFile(file);
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
    // One solve on this machine: half its memory for the model (above, the model is streamed).
    modelPairBudget: defaultModelPairBudget(machineMemory(), 1),
    ...(timeLimitSeconds !== undefined ? { timeLimitSeconds } : {}),
  });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  for (const { path, kind } of outputs) {
    // With hires, the exports list them beside today's reps.
    const problem = withHires(parsedProblem.problem, result.hiring);
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

/** `solve --accounts …`: the import's report goes to stderr; a rejected import is bad input (exit 2). */
async function importForSolve(values: Parameters<typeof runImport>[0]): Promise<unknown> {
  let outcome;
  try {
    outcome = await runImport(values);
  } catch (err) {
    if (err instanceof ImportUsageError) throw new UsageError(err.message);
    throw err;
  }
  if (!outcome.ok) throw new UsageError(formatImportErrors(outcome.errors));
  process.stderr.write(`${formatImportReport(outcome.report)}\n\n`);
  return outcome.problem;
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
