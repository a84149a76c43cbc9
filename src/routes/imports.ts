/**
 * /v1/imports: CRM exports (CSV, .xlsx) uploaded as multipart/form-data become a problem document
 * and an import report (src/imports/, docs/importing.md), stored for the tenant so that POST /v1/jobs
 * and /v1/scenarios take `importId` instead of the problem (importReference below). A rejected
 * import is a 422 listing every row to fix; nothing is stored.
 *
 * Multipart is this route's only body type: the plugin is encapsulated, its parsers replace the
 * JSON parser here only, and any other content type is a 415 naming multipart/form-data.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../errors.ts';
import { clip } from '../http/clip.ts';
import { internalError, json, problemDetails } from '../http/responses.ts';
import { RawBody } from '../http/raw-body.ts';
import { MAX_ID_LENGTH } from '../http/schemas.ts';
import { importAnswer, importExampleId, importSchema } from '../http/import-schema.ts';
import { parseImportOptions, type ImportFile } from '../imports/import-problem.ts';
import { problemBody } from '../plugins/error-handler.ts';
import { importInPool } from '../workers/parse-pool.ts';
import { FieldValidationError } from './admission.ts';

const FILE_PARTS = ['accounts', 'reps', 'patterns', 'distances'] as const;
type FilePart = (typeof FILE_PARTS)[number];

const importParamsSchema = z.object({ id: z.string().min(1).max(MAX_ID_LENGTH).describe('The import id (from POST /v1/imports).').meta({ example: importExampleId }) });

export default async function importRoutes(fastify: FastifyInstance) {
  // Only multipart here: the JSON parser of the root does not apply to this plugin's routes.
  fastify.removeAllContentTypeParsers();
  await fastify.register(multipart, {
    limits: { fileSize: fastify.config.bodyLimitBytes, files: FILE_PARTS.length, fields: 1, fieldSize: 1024 * 1024, parts: FILE_PARTS.length + 1 },
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    done(new Errors.MultipartRequired(clip(request.headers['content-type'] ?? 'no content type')), undefined);
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/imports', {
    schema: {
      summary: 'Import CRM exports (CSV, .xlsx) as a problem',
      description: 'multipart/form-data with file parts accounts and reps (required), patterns and distances (optional), and an optional options field holding JSON (mapping, sheets, capacity, roleMap, defaultRole, country, unmatchedOwners, name; see docs/importing.md). Answers 201 with the problem, the import report and an id that POST /v1/jobs and POST /v1/scenarios take as importId. A rejected import is 422 with every row to fix.',
      tags: ['imports'],
      consumes: ['multipart/form-data'],
      response: {
        201: json('Imported: the problem, the report and the import id (Location: /v1/imports/<id>).', importSchema),
        400: problemDetails('TD_ERR_VALIDATION: a part is missing (accounts, reps), unknown or given twice, or the options are not valid JSON or not valid options; errors names each (options.capacity.sellingShare, ...).'),
        413: problemDetails('TD_ERR_BODY_TOO_LARGE: a file is larger than BODY_LIMIT_BYTES, or there are too many parts.'),
        415: problemDetails('TD_ERR_MULTIPART_REQUIRED: the body is not multipart/form-data.'),
        422: problemDetails('TD_ERR_IMPORT_REJECTED: rows or files to fix; errors lists every one, each with path (file, row and column in words), message (the reason), and file, row, column and reason; report holds what the import read.'),
        500: internalError,
        503: problemDetails('TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request, reply) => {
    if (!app.accepting) throw new Errors.ShuttingDown();
    if (!request.isMultipart()) throw new Errors.MultipartRequired(clip(request.headers['content-type'] ?? 'no content type'));
    const { files, optionsText } = await readParts(request, app.config.bodyLimitBytes);
    let rawOptions: unknown = {};
    if (optionsText !== undefined) {
      try {
        rawOptions = JSON.parse(optionsText);
      } catch (err) {
        throw new FieldValidationError([{ path: 'options', message: `not valid JSON (${clip((err as Error).message)})` }]);
      }
    }
    const options = parseImportOptions(rawOptions);
    if (!options.ok) throw new FieldValidationError(options.issues.map((i) => ({ path: `options.${i.path}`, message: i.message })));
    const missing = (['accounts', 'reps'] as const).filter((p) => !files[p]);
    if (missing.length > 0) throw new FieldValidationError(missing.map((p) => ({ path: p, message: `required: the ${p} file (a multipart file part named "${p}")` })));

    // Read, mapped and checked in the parse pool (workers/import-worker.ts); the outcome comes back as text.
    const outcome = await importInPool(app.parsePool, { files: { accounts: files.accounts!, reps: files.reps!, ...(files.patterns ? { patterns: files.patterns } : {}), ...(files.distances ? { distances: files.distances } : {}) }, options: options.options });
    if (!outcome.ok) {
      const err = new Errors.ImportRejected(outcome.count);
      request.log.info({ code: err.code, errors: outcome.errorCount }, err.message);
      // Written as text: the errors carry file, row and column beside path and message. The same
      // bytes as JSON.stringify({ ...problemBody, errors, report }).
      const head = JSON.stringify(problemBody(422, err.code, err.message, request.url));
      return (reply as FastifyReply).code(422).type('application/problem+json').send(`${head.slice(0, -1)},"errors":${outcome.errorsJson},"report":${outcome.reportJson}}`);
    }
    const { id, createdAt } = await app.imports.create(request.tenant, outcome.problemJson, outcome.reportJson);
    request.log.info({ importId: id, accounts: outcome.accounts, reps: outcome.reps }, 'import stored');
    // Serialised in the thread as this route's serializer would (http/import-schema.ts).
    return (reply as FastifyReply).code(201).header('location', `/v1/imports/${id}`).type('application/json; charset=utf-8').send(importAnswer(id, createdAt, outcome.problemAnswer, outcome.reportAnswer));
  });

  app.get('/v1/imports/:id', {
    schema: {
      summary: 'A stored import: its problem and report',
      tags: ['imports'],
      params: importParamsSchema,
      response: {
        200: json('The import.', importSchema),
        400: problemDetails('TD_ERR_VALIDATION: the id is not an import id (1 to 100 characters).'),
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: no import with this id (or it has expired).'),
        500: internalError,
      },
    },
  }, async (request) => {
    const stored = await app.imports.get(request.params.id, request.tenant);
    if (!stored) throw new Errors.ImportNotFound(request.params.id);
    return { id: stored.id, createdAt: stored.createdAt, problem: JSON.parse(stored.problem) as { accounts: Record<string, unknown>[]; reps: Record<string, unknown>[] }, report: JSON.parse(stored.report) as Record<string, unknown> };
  });
}

async function readParts(request: FastifyRequest, limit: number): Promise<{ files: Partial<Record<FilePart, ImportFile>>; optionsText: string | undefined }> {
  const files: Partial<Record<FilePart, ImportFile>> = {};
  let optionsText: string | undefined;
  const bad: Array<{ path: string; message: string }> = [];
  try {
    for await (const part of request.parts()) {
      const name = part.fieldname;
      if (part.type === 'file') {
        const bytes = new Uint8Array(await part.toBuffer());
        if (!(FILE_PARTS as readonly string[]).includes(name)) bad.push({ path: clip(name, 100), message: `unknown part: the file parts are ${FILE_PARTS.join(', ')}` });
        else if (files[name as FilePart]) bad.push({ path: name, message: 'given twice' });
        else files[name as FilePart] = { name: clip(part.filename || `${name}.csv`, 200), bytes };
      } else if (name === 'options') {
        optionsText = String(part.value);
      } else if ((FILE_PARTS as readonly string[]).includes(name)) {
        bad.push({ path: name, message: 'must be a file part (a form field with a file, e.g. curl -F accounts=@accounts.csv)' });
      } else {
        bad.push({ path: clip(name, 100), message: 'unknown field: the only form field is options (JSON)' });
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new Errors.BodyTooLarge(limit);
    if (code === 'FST_PROTO_VIOLATION') throw new FieldValidationError([{ path: '(part name)', message: 'a prototype property is not allowed as a part name' }]);
    if (typeof code === 'string' && code.startsWith('FST_')) throw new Errors.BadRequest(`the multipart body cannot be read: ${clip((err as Error).message)}`);
    throw err;
  }
  if (bad.length > 0) throw new FieldValidationError(bad);
  return { files, optionsText };
}

/**
 * A preValidation hook for POST /v1/jobs (`problem`) and /v1/scenarios (`base`): a body with
 * `importId` instead gets the tenant's stored problem in its place, and is validated and admitted
 * as if the problem had been sent. Another tenant's id, or an unknown one, is 404. A body that
 * comes out above OFFTHREAD_BODY_BYTES takes the large-body path: the stored text is spliced into
 * the body's bytes, never parsed here, and the parse pool reads them as it reads a large body sent
 * as it is (plugins/offthread-body.ts; this hook runs after that plugin's).
 */
export function importReference(app: FastifyInstance, field: 'problem' | 'base'): preValidationHookHandler {
  return async (request) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, 'importId')) return;
    const record = body as Record<string, unknown>;
    const id = record.importId;
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) throw new FieldValidationError([{ path: 'importId', message: `expected an import id (a string of 1 to ${MAX_ID_LENGTH} characters)` }]);
    if (Object.hasOwn(record, field)) throw new FieldValidationError([{ path: 'importId', message: `give ${field} or importId, not both` }]);
    const text = await app.imports.problemText(id, request.tenant);
    if (text === undefined) throw new Errors.ImportNotFound(id);
    const { importId: _id, ...rest } = record;
    if (request.routeOptions.config.offthreadBody !== undefined) {
      // JSON.stringify({ ...rest, [field]: problem }), with the problem as the text it was stored as,
      // against the threshold a body sent as it is meets (plugins/json-body.ts).
      const others = JSON.stringify(rest);
      const bodyText = `${others.slice(0, -1)}${others === '{}' ? '' : ','}${JSON.stringify(field)}:${text}}`;
      if (Buffer.byteLength(bodyText) > app.config.offthreadBodyBytes) {
        request.body = new RawBody(Buffer.from(bodyText));
        await app.readOffthreadBody(request);
        return;
      }
    }
    request.body = { ...rest, [field]: JSON.parse(text) as unknown };
  };
}
