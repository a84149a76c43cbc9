/**
 * A finished job's result in the format the client asked for: JSON (the stored document as is),
 * GeoJSON (accounts, rep homes and territory shapes) or CSV (the file a CRM import takes).
 */
import type { ProblemInput, TerritoryResult } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { clip } from '../http/clip.ts';
import { toCsv } from './csv.ts';
import { toGeoJson } from './geojson.ts';

export type ResultFormat = 'json' | 'geojson' | 'csv';

/** `?format=` wins; otherwise the Accept header; JSON when neither says otherwise. */
export function pickFormat(query: ResultFormat | undefined, accept: string | undefined): ResultFormat {
  if (query) return query;
  if (!accept) return 'json';
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  for (const t of types) {
    if (t === 'application/geo+json') return 'geojson';
    if (t === 'text/csv') return 'csv';
    if (t === 'application/json' || t === 'application/*' || t === '*/*') return 'json';
  }
  throw new Errors.NotAcceptable(clip(accept));
}

export function renderResult(format: ResultFormat, resultText: string, problem: () => unknown): { contentType: string; body: string; filename?: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: resultText };
  const result = JSON.parse(resultText) as TerritoryResult;
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', body: toCsv(problem() as ProblemInput, result), filename: 'assignments.csv' };
  return { contentType: 'application/geo+json', body: JSON.stringify(toGeoJson(problem() as ProblemInput, result)) };
}
