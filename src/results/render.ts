/**
 * A finished job's result in the format the client asked for: JSON (the stored document as is),
 * GeoJSON (accounts, rep homes and territory shapes), CSV (the assignments), the territory workbook
 * (.xlsx) or the plan export for a CRM (crm-csv, crm-xlsx; columns from crm-columns.ts).
 */
import { parseProblem, solvedProblem, withHires, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { clip } from '../http/clip.ts';
import type { CrmColumn } from './crm-columns.ts';
import { toCrmCsv, toCrmXlsx } from './crm-export.ts';
import { toCsv } from './csv.ts';
import { toGeoJson } from './geojson.ts';
import { toWorkbook } from './workbook.ts';
import { XLSX_TYPE } from './xlsx-style.ts';

export const RESULT_FORMATS = ['json', 'geojson', 'csv', 'xlsx', 'crm-csv', 'crm-xlsx'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** The formats whose columns `?columns=` chooses. */
export const CRM_FORMATS: ReadonlySet<ResultFormat> = new Set(['crm-csv', 'crm-xlsx']);

/** `?format=` wins; otherwise the Accept header; JSON when neither says otherwise. */
export function pickFormat(query: ResultFormat | undefined, accept: string | undefined): ResultFormat {
  if (query) return query;
  if (!accept) return 'json';
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  for (const t of types) {
    if (t === 'application/geo+json') return 'geojson';
    if (t === 'text/csv') return 'csv';
    if (t === XLSX_TYPE) return 'xlsx';
    if (t === 'application/json' || t === 'application/*' || t === '*/*') return 'json';
  }
  throw new Errors.NotAcceptable(clip(accept));
}

export interface Rendered {
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly filename?: string;
}

export interface RenderOptions {
  /** crm-csv and crm-xlsx: the columns and their headers (default: every field, default headers). */
  readonly columns?: readonly CrmColumn[];
}

/** The stored result document as it is (no parse, no problem). */
export function jsonResult(resultText: string): Rendered {
  return { contentType: 'application/json; charset=utf-8', body: resultText };
}

/**
 * The result in `format`. The problem is asked for only by the formats that need it. The service
 * calls this in the parse pool (workers/render-worker.ts), never on its event loop.
 */
export async function renderResult(format: ResultFormat, resultText: string, problem: () => unknown, options: RenderOptions = {}): Promise<Rendered> {
  if (format === 'json') return jsonResult(resultText);
  const result = JSON.parse(resultText) as TerritoryResult;
  switch (format) {
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8', body: toCsv(problem() as ProblemInput, result), filename: 'assignments.csv' };
    case 'geojson':
      // The map shows the plan's team: the hires' homes, not those of the reps let go.
      return { contentType: 'application/geo+json', body: JSON.stringify(toGeoJson(result.hiring ? solvedProblem(parsedProblem(problem()), result.hiring) : problem() as ProblemInput, result)) };
    case 'xlsx':
      return { contentType: XLSX_TYPE, body: await toWorkbook(withHires(parsedProblem(problem()), result.hiring), result), filename: 'territory-plan.xlsx' };
    case 'crm-csv':
      return { contentType: 'text/csv; charset=utf-8', body: toCrmCsv(withHires(parsedProblem(problem()), result.hiring), result, options.columns), filename: 'crm-plan.csv' };
    case 'crm-xlsx':
      return { contentType: XLSX_TYPE, body: await toCrmXlsx(withHires(parsedProblem(problem()), result.hiring), result, options.columns), filename: 'crm-plan.xlsx' };
  }
}

/**
 * The stored problem with its defaults and owners matched by rep name, exactly as the solver saw it
 * (it was valid at submission, so a failure here is a bug, not the client's).
 */
function parsedProblem(input: unknown): Problem {
  const parsed = parseProblem(input);
  if (!parsed.ok) throw new Error(`stored problem no longer parses: ${parsed.issues[0]?.path}: ${parsed.issues[0]?.message}`);
  return parsed.problem;
}
