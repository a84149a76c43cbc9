/**
 * `territory import --accounts a.csv --reps r.xlsx [...] > problem.json`: the problem document to
 * stdout, the import report to stderr (and to --report-json as JSON). A rejected import writes no
 * problem, lists every row to fix on stderr and exits 1. `--patterns-template` prints the call-pattern
 * template as CSV, to edit and pass back with --patterns. `runImport` is shared with `territory solve
 * --accounts …`.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import type { ProblemInput } from '../../solver/index.ts';
import { callPatternTemplate } from '../imports/defaults.ts';
import { importFiles, parseImportOptions } from '../imports/import-problem.ts';
import type { ImportError, ImportReport } from '../imports/report.ts';
import { IMPORT_FLAGS, IMPORT_USAGE, importFilesFromFlags, importOptionsFromFlags, ImportUsageError, type ImportFlagValues } from './import-args.ts';
import { formatImportErrors, formatImportReport } from './import-report.ts';

export const IMPORT_COMMAND_USAGE = `  territory import --accounts <file> --reps <file> [options] [--report-json <file>] > problem.json
  territory import --patterns-template > patterns.csv    the call-pattern template, to edit
import options:
${IMPORT_USAGE}`;

export type ImportRun =
  | { readonly ok: true; readonly problem: ProblemInput; readonly report: ImportReport }
  | { readonly ok: false; readonly errors: readonly ImportError[]; readonly report: ImportReport };

/** Reads the files the flags name and imports them; bad flags or options are an ImportUsageError. */
export async function runImport(values: ImportFlagValues): Promise<ImportRun> {
  const raw = await importOptionsFromFlags(values);
  const options = parseImportOptions(raw);
  if (!options.ok) throw new ImportUsageError(`the import options are not valid:\n${options.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  const files = await importFilesFromFlags(values);
  return importFiles(files, options.options);
}

export async function importCommand(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: { ...IMPORT_FLAGS, 'report-json': { type: 'string' }, 'patterns-template': { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new ImportUsageError(`${(err as Error).message}\n\n${IMPORT_COMMAND_USAGE}`);
  }
  const { values } = parsed;
  if (values['patterns-template']) {
    const weeks = values['weeks-per-year'] === undefined ? undefined : Number(values['weeks-per-year']);
    const rows = callPatternTemplate(new Set(['field', 'inside']), weeks).map((p) => [p.segment, p.role, p.callsPerYear, p.minutesPerCall, p.channel.replace('_', ' '), p.why]);
    process.stdout.write(stringify([['Segment', 'Role', 'Calls per Year', 'Minutes per Call', 'Channel', 'Note'], ...rows]));
    return 0;
  }
  const outcome = await runImport(values);
  if (values['report-json'] !== undefined) {
    await writeFile(values['report-json'], `${JSON.stringify(outcome.ok ? { report: outcome.report } : { errors: outcome.errors, report: outcome.report }, null, 2)}\n`);
  }
  if (!outcome.ok) {
    process.stderr.write(`${formatImportErrors(outcome.errors)}\n`);
    return 1;
  }
  process.stderr.write(`${formatImportReport(outcome.report)}\n`);
  process.stdout.write(`${JSON.stringify(outcome.problem, null, 2)}\n`);
  return 0;
}
