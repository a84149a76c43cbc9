/**
 * The import task of the parse pool (`pool.run(task, { name: 'import' })`): CRM files (CSV, .xlsx)
 * read, mapped, geocoded and checked by `importFiles` here rather than on the event loop, where
 * 50,000 rows held every other request for seconds. The files arrive as moved memory; the outcome
 * goes back as text: the problem and report as stored, the same two as the 201 writes them
 * (http/import-schema.ts), or a rejection's errors and report as the 422 writes them.
 */
import { importFiles, type ImportFiles } from '../imports/import-problem.ts';
import type { ResolvedOptions } from '../imports/defaults.ts';
import { formatImportError, type ImportError } from '../imports/report.ts';
import { importProblemSchema, importReportSchema } from '../http/import-schema.ts';
import { serializedAs } from '../http/serialized.ts';

export interface ImportTask {
  readonly files: ImportFiles;
  readonly options: ResolvedOptions;
}

export type ImportTaskResult =
  | {
    readonly ok: true;
    /** As the store keeps them (JSON.stringify of the problem and the report). */
    readonly problemJson: string;
    readonly reportJson: string;
    /** As the 201 writes them (the response schema's encoding). */
    readonly problemAnswer: string;
    readonly reportAnswer: string;
    readonly accounts: number;
    readonly reps: number;
  }
  | {
    readonly ok: false;
    /** What there is to fix, in words (`3 rows and 1 file-level problem`). */
    readonly count: string;
    readonly errorCount: number;
    /** The 422's `errors` and `report`, as JSON text. */
    readonly errorsJson: string;
    readonly reportJson: string;
  };

export default async function importTask(task: ImportTask): Promise<ImportTaskResult> {
  const outcome = await importFiles(task.files, task.options);
  if (!outcome.ok) {
    return { ok: false, count: countOf(outcome.errors), errorCount: outcome.errors.length, errorsJson: JSON.stringify(outcome.errors.map(errorItem)), reportJson: JSON.stringify(outcome.report) };
  }
  return {
    ok: true,
    problemJson: JSON.stringify(outcome.problem),
    reportJson: JSON.stringify(outcome.report),
    problemAnswer: serializedAs(importProblemSchema, outcome.problem),
    reportAnswer: serializedAs(importReportSchema, outcome.report),
    accounts: outcome.report.accounts,
    reps: outcome.report.reps,
  };
}

/** Each rejected row as problem+json `errors` items: path and message like every error, and the parts. */
export function errorItem(e: ImportError) {
  const path = formatImportError(e).slice(0, -(e.reason.length + 2));
  return { path, message: e.reason, file: e.file, row: e.row, column: e.column, reason: e.reason };
}

export function countOf(errors: readonly ImportError[]): string {
  const rows = new Set(errors.filter((e) => e.row !== null).map((e) => `${e.file}\n${e.row}`)).size;
  const files = errors.filter((e) => e.row === null).length;
  return [rows > 0 ? `${rows} row${rows === 1 ? '' : 's'}` : null, files > 0 ? `${files} file-level problem${files === 1 ? '' : 's'}` : null].filter(Boolean).join(' and ');
}
