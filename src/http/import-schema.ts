/**
 * The answer of POST /v1/imports and GET /v1/imports/:id (a stored import), and the 201's body
 * written from text: the import runs in the parse pool (workers/import-worker.ts), which sends back
 * the problem and the report already serialised as the response serializer would serialise them,
 * so the event loop never holds a 50,000-row problem as objects.
 */
import { z } from 'zod';

const exampleId = '0b6f8a52-3f0e-4c1a-9a57-6a4f1f0c2d11';

export const importProblemSchema = z.looseObject({
  accounts: z.array(z.looseObject({})).describe('The accounts, with owners as rep ids.'),
  reps: z.array(z.looseObject({})).describe('The reps, with capacity and role filled in.'),
}).describe('The problem document (docs/problem-format.md), ready for POST /v1/jobs.');

export const importReportSchema = z.looseObject({}).describe('The import report (docs/importing.md): files and column mapping, defaults applied, owners matched and unmatched, rows geocoded.');

export const importSchema = z.object({
  id: z.string().describe('The import id: pass it as importId to POST /v1/jobs or POST /v1/scenarios.').meta({ example: exampleId }),
  createdAt: z.string().describe('When the import was made (ISO 8601); it expires RETENTION_DAYS later.').meta({ example: '2026-01-15T10:00:00.000Z' }),
  problem: importProblemSchema,
  report: importReportSchema,
}).describe('A stored import.');

export const importExampleId = exampleId;

/**
 * The 201's body from its serialised parts: the serializer's JSON.stringify of { id, createdAt,
 * problem, report } (z.object keeps its keys in the schema's order), byte for byte.
 */
export function importAnswer(id: string, createdAt: string, problem: string, report: string): string {
  return `{"id":${JSON.stringify(id)},"createdAt":${JSON.stringify(createdAt)},"problem":${problem},"report":${report}}`;
}
